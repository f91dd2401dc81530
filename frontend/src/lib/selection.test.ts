import { checker, setChecked } from "./selection";

const runs = Array.from({ length: 200 }, (_, i) => `seed${i}`);

describe("selection", () => {
  it("keeps the shorter list: hiding 198 of 200 runs names the 2 left", () => {
    let sel = setChecked({ hiddenRuns: [], onlyRuns: null }, runs, runs, false);
    expect(sel).toEqual({ hiddenRuns: [], onlyRuns: [] });
    sel = setChecked(sel, runs, ["seed3", "seed150"], true);
    expect(sel.onlyRuns).toEqual(["seed3", "seed150"]);
    const is = checker(sel);
    expect(runs.filter(is)).toEqual(["seed3", "seed150"]);
  });

  it("names the hidden runs while they are fewer, and new runs start checked", () => {
    const sel = setChecked({ hiddenRuns: [], onlyRuns: null }, runs, ["seed7"], false);
    expect(sel).toEqual({ hiddenRuns: ["seed7"], onlyRuns: null });
    expect(checker(sel)("seed999")).toBe(true);
    expect(checker(sel)("seed7")).toBe(false);
  });
});
