import { alignTables } from "./align";

describe("alignTables", () => {
  it("puts every run on the union of x values, with null where a run has no point", () => {
    const data = alignTables([
      [
        [0, 2, 4],
        [1, 2, 3],
      ],
      [
        [1, 2],
        [10, 20],
      ],
    ]);
    expect(data[0]).toEqual([0, 1, 2, 4]);
    expect(data[1]).toEqual([1, null, 2, 3]);
    expect(data[2]).toEqual([null, 10, 20, null]);
  });

  it("keeps every column of a table and copes with empty tables", () => {
    const data = alignTables([
      [[], [], []],
      [
        [5, 6],
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(data).toEqual([[5, 6], [], [], [1, 2], [3, 4]].map((c, i) => (i === 1 || i === 2 ? [null, null] : c)));
  });

  it("matches uPlot.join's layout on a large random input", async () => {
    const { default: uPlot } = await import("uplot");
    const rnd = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const r = rnd(7);
    const tables = Array.from({ length: 5 }, () => {
      const xs = [...new Set(Array.from({ length: 300 }, () => Math.floor(r() * 1000)))].sort((a, b) => a - b);
      return [xs, xs.map(() => r())] as [number[], number[]];
    });
    const ours = alignTables(tables);
    const theirs = uPlot.join(tables);
    expect(Array.from(ours[0])).toEqual(Array.from(theirs[0]));
    for (let c = 1; c < ours.length; c++) {
      expect(Array.from(ours[c], (v) => v ?? null)).toEqual(Array.from(theirs[c], (v) => v ?? null));
    }
  });
});
