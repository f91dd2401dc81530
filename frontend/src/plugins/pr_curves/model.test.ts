import { describe, expect, it } from "vitest";

import { areaUnderCurve, nearestPoint } from "./model";
import type { PrCurve } from "./calls/prCurves";

const curve = (recall: number[], precision: number[]): PrCurve => ({
  step: 0,
  wall_time: 0,
  thresholds: recall.map((_, i) => i / Math.max(1, recall.length - 1)),
  recall,
  precision,
  tp: recall.map(() => 0),
  fp: recall.map(() => 0),
  tn: recall.map(() => 0),
  fn: recall.map(() => 0),
});

describe("nearestPoint", () => {
  it("picks the point closest to the pointer", () => {
    const c = curve([1, 0.8, 0.5, 0.1], [0.5, 0.6, 0.9, 1]);
    expect(nearestPoint(c, 0.55, 0.85)).toBe(2);
    expect(nearestPoint(c, 0.95, 0.4)).toBe(0);
  });

  it("measures distance in pixels on a wide plot", () => {
    const c = curve([0.5, 0.6], [0.5, 0.2]);
    // In the unit square (0.5, 0.5) is nearer the pointer; on a plot 10x wider than tall a recall
    // step of 0.1 is ten times further on screen, so the point straight below the pointer wins.
    expect(nearestPoint(c, 0.6, 0.4)).toBe(0);
    expect(nearestPoint(c, 0.6, 0.4, 1000, 100)).toBe(1);
  });

  it("never picks a point whose precision was undefined", () => {
    const c = curve([1, 0.5], [0.5, null as unknown as number]);
    expect(nearestPoint(c, 0.5, 1)).toBe(0);
  });

  it("says -1 for a curve with no points", () => {
    expect(nearestPoint(curve([], []), 0.5, 0.5)).toBe(-1);
  });
});

describe("areaUnderCurve", () => {
  it("is 1 for a perfect classifier", () => {
    expect(areaUnderCurve(curve([1, 1, 0], [1, 1, 1]))).toBeCloseTo(1);
  });

  it("is the base rate for a classifier that guesses", () => {
    expect(areaUnderCurve(curve([1, 0.5, 0], [0.3, 0.3, 0.3]))).toBeCloseTo(0.3);
  });

  it("is null when nothing was predicted positive", () => {
    expect(areaUnderCurve(curve([], []))).toBeNull();
  });
});
