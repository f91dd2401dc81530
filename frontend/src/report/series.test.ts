import { decodeReport, EMPTY, QUANT_MAX, type Level, type ReportMeta } from "./data";
import { chartSeries, pickLevel } from "./series";

/** A buffer laid out as the exporter lays it out: a raw series, then a levels series. */
function fixture() {
  const bytes = new Uint8Array(64);
  const view = new DataView(bytes.buffer);
  // raw: 3 float32 values at 0
  [1, 2, 4].forEach((v, i) => view.setFloat32(i * 4, v, true));
  // levels: one level of 2 buckets at 12: min[2], max[2], mean[2]
  const codes = [0, EMPTY, QUANT_MAX, EMPTY, QUANT_MAX / 2, EMPTY];
  codes.forEach((c, i) => view.setUint16(12 + i * 2, c, true));
  const meta: ReportMeta = {
    version: 1,
    title: "t",
    logdir: "logs",
    created: 0,
    trainboard: "0",
    runs: ["a", "b"],
    tags: ["loss"],
    hparams: { hparams: [], metrics: [], rows: [] },
    series: [
      { run: 0, tag: 0, count: 3, raw: { values: 0, start: 10, stride: 5 } },
      { run: 1, tag: 0, count: 100, levels: { start: 0, end: 100, lo: -1, hi: 3, levels: [{ buckets: 2, offset: 12 }] } },
    ],
  };
  return decodeReport(meta, bytes);
}

test("raw series decode steps from start and stride, levels from their uint16 codes", () => {
  const report = fixture();
  const raw = report.series.get("a")!.get("loss")!;
  expect(raw.kind).toBe("raw");
  if (raw.kind === "raw") {
    expect(Array.from(raw.step)).toEqual([10, 15, 20]);
    expect(Array.from(raw.value)).toEqual([1, 2, 4]);
  }
  const lv = report.series.get("b")!.get("loss")!;
  expect(lv.kind).toBe("levels");
  if (lv.kind === "levels") {
    expect(lv.levels[0].min[0]).toBe(-1);
    expect(lv.levels[0].max[0]).toBe(3);
    expect(lv.levels[0].mean[0]).toBeCloseTo(1);
    expect(Number.isNaN(lv.levels[0].mean[1])).toBe(true);
  }
});

test("an empty bucket is left out of the line and the band", () => {
  const lv = fixture().series.get("b")!.get("loss")!;
  const s = chartSeries("b", "loss", lv, null, 100, 0);
  expect(Array.from(s.x)).toEqual([25]);
  expect(s.band && Array.from(s.band.max)).toEqual([3]);
  expect(s.downsampled).toBe(true);
});

test("a zoom window crops raw points, keeping one beyond each edge", () => {
  const raw = fixture().series.get("a")!.get("loss")!;
  const s = chartSeries("a", "loss", raw, [16, 19], 100, 0);
  expect(Array.from(s.x)).toEqual([15, 20]);
  expect(s.band).toBeNull();
});

test("smoothing a raw series follows TensorBoard's debiased EMA", () => {
  const raw = fixture().series.get("a")!.get("loss")!;
  const s = chartSeries("a", "loss", raw, null, 100, 0.5);
  expect(Array.from(s.smoothed).map((v) => +v.toFixed(3))).toEqual([1, 1.667, 3]);
});

test("the coarsest level with enough buckets in the window is picked", () => {
  const level = (buckets: number) => ({ buckets }) as Level;
  const levels = [level(256), level(1024), level(4096)];
  expect(pickLevel(levels, 1000, 1000, 200)).toBe(0);
  expect(pickLevel(levels, 1000, 500, 200)).toBe(1);
  expect(pickLevel(levels, 1000, 100, 200)).toBe(2);
  expect(pickLevel(levels, 1000, 1, 200)).toBe(2);
});

test("without a band, an unsmoothed line runs through each bucket's min and max", () => {
  const lv = fixture().series.get("b")!.get("loss")!;
  const s = chartSeries("b", "loss", lv, null, 100, 0, false);
  expect(s.band).toBeNull();
  expect(Array.from(s.value)).toEqual([-1, 3]);
  expect(Array.from(s.x).map((v) => +v.toFixed(2))).toEqual([16.67, 33.33]);
  // Smoothed, the line is the smoothed mean again.
  expect(Array.from(chartSeries("b", "loss", lv, null, 100, 0.5, false).x)).toEqual([25]);
});
