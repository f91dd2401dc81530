import { clampSmoothing, smooth } from "./smoothing";

describe("smooth", () => {
  it("matches TensorBoard's debiased EMA point by point", () => {
    const w = 0.6;
    const ys = [1, 3, 2, 5];
    let last = 0;
    const expected = ys.map((y, i) => {
      last = last * w + (1 - w) * y;
      return last / (1 - w ** (i + 1));
    });
    smooth(ys, w).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it("starts at the first value instead of being pulled towards zero", () => {
    expect(smooth([10, 10.5, 11], 0.9)[0]).toBeCloseTo(10, 12);
  });

  it("leaves the series unchanged at weight 0", () => {
    expect(smooth([4, -2, 7], 0)).toEqual([4, -2, 7]);
  });

  it("returns a constant series unchanged, with no float drift", () => {
    expect(smooth([0.1, 0.1, 0.1, 0.1], 0.99)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it("passes NaN and infinities through without letting them poison later points", () => {
    const out = smooth([1, NaN, 3, Infinity, 5], 0.5);
    expect(out[1]).toBeNaN();
    expect(out[3]).toBe(Infinity);
    expect(Number.isFinite(out[4])).toBe(true);
    // NaN is not counted: the third value is debiased as the second finite point.
    expect(out[2]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * 3) / (1 - 0.25), 12);
  });

  it("caps the weight below 1 so the line still moves", () => {
    const out = smooth([0, 100], 1);
    expect(out[1]).toBeGreaterThan(0);
  });
});

describe("clampSmoothing", () => {
  it("keeps typed values within the slider's range", () => {
    expect(clampSmoothing(-1)).toBe(0);
    expect(clampSmoothing(5)).toBe(0.999);
    expect(clampSmoothing(0.42)).toBe(0.42);
    expect(clampSmoothing(NaN)).toBe(0.6);
  });
});
