import type { ScalarSeries } from "../../lib/calls/series";
import { buildChartData, withAlpha } from "./chartData";

function series(x: number[], value: number[], extra: Partial<ScalarSeries> = {}): ScalarSeries {
  return {
    run: "r",
    tag: "t",
    total: x.length,
    in_range: x.length,
    downsampled: false,
    x,
    step: x,
    wall_time: x.map((v) => 1000 + v),
    value,
    smoothed: value,
    band: null,
    requestedSmoothing: 0.6,
    ...extra,
  };
}

describe("buildChartData", () => {
  it("aligns runs with different steps on one x column, with gaps", () => {
    const chart = buildChartData(
      [
        { run: "a", color: "#ff0000", series: series([0, 2], [1, 2]) },
        { run: "b", color: "#00ff00", series: series([1, 2], [5, 6]) },
      ],
      0.6,
      false,
    );
    expect(Array.from(chart.data[0])).toEqual([0, 1, 2]);
    const gapsAsNull = (col: ArrayLike<number | null | undefined>) => Array.from(col, (v) => v ?? null);
    expect(gapsAsNull(chart.data[1])).toEqual([1, null, 2]);
    expect(gapsAsNull(chart.data[3])).toEqual([null, 5, 6]);
    expect(chart.drawnRuns).toBe(2);
  });

  it("re-smooths an answer fetched with another weight so the line follows the slider", () => {
    const s = series([0, 1, 2], [0, 10, 0], { smoothed: [0, 10, 0], requestedSmoothing: 0 });
    const chart = buildChartData([{ run: "a", color: "#ff0000", series: s }], 0.9, false);
    expect(chart.data[2]).not.toEqual([0, 10, 0]);
  });

  it("turns values that a log axis cannot show into gaps", () => {
    const chart = buildChartData([{ run: "a", color: "#ff0000", series: series([0, 1, 2], [-1, 0, 5]) }], 0, true);
    expect(chart.data[1]).toEqual([null, null, 5]);
  });

  it("sorts a run whose x steps back so uPlot gets ascending x", () => {
    const chart = buildChartData([{ run: "a", color: "#ff0000", series: series([5, 1, 3], [50, 10, 30]) }], 0, false);
    expect(Array.from(chart.data[0])).toEqual([1, 3, 5]);
    expect(chart.data[1]).toEqual([10, 30, 50]);
  });

  it("reports the band of a downsampled run and counts runs not loaded yet as not drawn", () => {
    const band = { x_lo: [0], x_hi: [2], min: [-1], max: [9] };
    const chart = buildChartData(
      [
        { run: "a", color: "#ff0000", series: series([0, 2], [1, 2], { downsampled: true, band, total: 5000 }) },
        { run: "b", color: "#00ff00", series: undefined },
      ],
      0,
      false,
    );
    expect(chart.bands).toHaveLength(1);
    expect(chart.downsampledRuns.has("a")).toBe(true);
    expect(chart.drawnRuns).toBe(1);
    expect(chart.total).toBe(5000);
    expect(chart.yValues).toContain(9);
  });
});

describe("withAlpha", () => {
  it("turns a hex colour into rgba", () => {
    expect(withAlpha("#1f77b4", 0.3)).toBe("rgba(31,119,180,0.3)");
  });
});
