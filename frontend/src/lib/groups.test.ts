import { OTHER, groupRuns } from "./groups";

const runs = ["lr0.1/seed0", "lr0.1/seed1", "lr0.01/seed0", "solo"];

describe("groupRuns", () => {
  it("groups by the name before the last slash", () => {
    expect(groupRuns(runs, "prefix", () => undefined)).toEqual([
      { name: "lr0.01", runs: ["lr0.01/seed0"] },
      { name: "lr0.1", runs: ["lr0.1/seed0", "lr0.1/seed1"] },
      { name: "solo", runs: ["solo"] },
    ]);
  });

  it("groups by a regex's first capture, the unmatched apart", () => {
    expect(groupRuns(runs, "re:seed(\\d)", () => undefined)).toEqual([
      { name: "0", runs: ["lr0.1/seed0", "lr0.01/seed0"] },
      { name: "1", runs: ["lr0.1/seed1"] },
      { name: OTHER, runs: ["solo"] },
    ]);
    expect(groupRuns(runs, "re:(", () => undefined)).toBeNull();
  });

  it("groups by a hyperparameter's value", () => {
    const hp: Record<string, Record<string, number>> = { "lr0.1/seed0": { lr: 0.1 }, "lr0.1/seed1": { lr: 0.1 }, "lr0.01/seed0": { lr: 0.01 } };
    expect(groupRuns(runs, "hp:lr", (r) => hp[r])?.map((g) => [g.name, g.runs.length])).toEqual([
      ["lr=0.01", 1],
      ["lr=0.1", 2],
      [OTHER, 1],
    ]);
  });

  it("does not group without a spec", () => {
    expect(groupRuns(runs, "", () => undefined)).toBeNull();
  });
});
