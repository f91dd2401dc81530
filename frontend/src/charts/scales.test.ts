import { yRange } from "./scales";

describe("yRange", () => {
  const spiky = [...Array.from({ length: 98 }, (_, i) => i / 100), 1000, -1000];

  it("includes spikes by default", () => {
    const [lo, hi] = yRange(spiky, false, false)!;
    expect(lo).toBeLessThan(-1000);
    expect(hi).toBeGreaterThan(1000);
  });

  it("clips to the 5th-95th percentile when ignoring outliers", () => {
    const [lo, hi] = yRange(spiky, true, false)!;
    expect(lo).toBeGreaterThan(-1);
    expect(hi).toBeLessThan(2);
  });

  it("gives a flat line some room", () => {
    const [lo, hi] = yRange([3, 3, 3], false, false)!;
    expect(lo).toBeLessThan(3);
    expect(hi).toBeGreaterThan(3);
  });

  it("keeps a log axis positive and ignores non-positive values", () => {
    const [lo, hi] = yRange([0, -5, 0.01, 100], false, true)!;
    expect(lo).toBeGreaterThan(0);
    expect(lo).toBeLessThan(0.01);
    expect(hi).toBeGreaterThan(100);
  });

  it("has no range without finite data", () => {
    expect(yRange([null, NaN], false, false)).toBeNull();
  });
});
