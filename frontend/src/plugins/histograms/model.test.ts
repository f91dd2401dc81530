import { binAt, evenEdges, rebin, ridgePath, rowAt, unionSteps } from "./model";
import type { HistogramRow, HistogramsResponse } from "./calls/histograms";

const row = (step: number, counts: number[] = [1, 2]): HistogramRow => ({
  step,
  wall_time: 1000 + step,
  count: counts.reduce((a, b) => a + b, 0),
  min: 0,
  max: 1,
  counts,
});
const series = (run: string, steps: number[]): HistogramsResponse => ({
  run,
  tag: "w",
  total: steps.length,
  edges: [0, 0.5, 1],
  histograms: steps.map((s) => row(s)),
});

describe("histogram geometry", () => {
  it("draws a ridge through the bin centres down to the baseline", () => {
    const d = ridgePath([0, 1, 2], [4, 2], (v) => v * 10, (c) => 100 - c * 10);
    expect(d).toBe("M0.0,100.0L5.0,60.0L15.0,80.0L20.0,100.0Z");
    expect(ridgePath([0], [], (v) => v, (v) => v)).toBe("");
  });

  it("finds the bin under the pointer, the top edge belonging to the last bin", () => {
    const edges = [-1, 0, 1, 2];
    expect(binAt(edges, -1)).toBe(0);
    expect(binAt(edges, 0)).toBe(1);
    expect(binAt(edges, 1.5)).toBe(2);
    expect(binAt(edges, 2)).toBe(2);
    expect(binAt(edges, 2.01)).toBeNull();
    expect(binAt(edges, Number.NaN)).toBeNull();
  });
});

describe("runs overlaid at one step", () => {
  it("offers every step any run logged", () => {
    const { steps, wallTimes } = unionSteps([series("a", [0, 10, 20]), series("b", [5, 10, 30])]);
    expect(steps).toEqual([0, 5, 10, 20, 30]);
    expect(wallTimes).toEqual([1000, 1005, 1010, 1020, 1030]);
  });

  it("shows each run's latest histogram at or before the step, else its first", () => {
    const rows = [row(10), row(20), row(30)];
    expect(rowAt(rows, 25)?.step).toBe(20);
    expect(rowAt(rows, 30)?.step).toBe(30);
    expect(rowAt(rows, 5)?.step).toBe(10);
    expect(rowAt([], 5)).toBeNull();
  });
});

describe("one grid for several runs", () => {
  it("moves counts onto coarser shared bins, keeping the total", () => {
    // A run binned over [0, 2] in 4 bins, shown on the shared grid [-2, 2] in 2 bins.
    expect(rebin([0, 0.5, 1, 1.5, 2], [1, 2, 3, 4], [-2, 0, 2])).toEqual([0, 10]);
    // Bins split by a shared edge share their count by overlap.
    expect(rebin([0, 2], [4], [0, 1, 2])).toEqual([2, 2]);
    // A zero-width bin (a constant series) lands in the bin holding it.
    expect(rebin([1, 1], [5], [0, 1, 2])).toEqual([0, 5]);
    expect(evenEdges(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});
