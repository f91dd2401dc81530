import { PALETTE, assignColors } from "./colors";

describe("assignColors", () => {
  it("gives a run the same colour whatever order the runs arrive in", () => {
    const a = assignColors(["b", "a", "c"]);
    const b = assignColors(["c", "b", "a"]);
    for (const run of ["a", "b", "c"]) expect(a.get(run)).toBe(b.get(run));
  });

  it("never repeats a colour until the palette is used up", () => {
    const runs = Array.from({ length: PALETTE.length }, (_, i) => `run${i}`);
    const colors = new Set(assignColors(runs).values());
    expect(colors.size).toBe(PALETTE.length);
  });

  it("still colours every run when there are more runs than colours", () => {
    const runs = Array.from({ length: PALETTE.length + 5 }, (_, i) => `r${i}`);
    expect(assignColors(runs).size).toBe(runs.length);
  });
});
