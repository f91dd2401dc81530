import { describe, expect, it } from "vitest";

import {
  columnKind,
  fitDistance,
  fitHalfHeight,
  normalize,
  permutation,
  pick,
  pointColors,
  radiusOf,
  ramp,
  reorder,
  sampleIndices,
  searchLabels,
} from "./model";

describe("columnKind", () => {
  it("calls a few labels categorical, most frequent first", () => {
    const kind = columnKind(["b", "a", "b", "c", "b", "a"]);
    expect(kind).toEqual({ kind: "categorical", categories: ["b", "a", "c"] });
  });
  it("calls many numbers continuous and few numbers categorical", () => {
    const many = Array.from({ length: 50 }, (_, i) => String(i / 10));
    expect(columnKind(many)).toEqual({ kind: "continuous", min: 0, max: 4.9 });
    expect(columnKind(["0", "1", "0", "2"]).kind).toBe("categorical");
    expect(columnKind([...many, "x"]).kind).toBe("categorical");
  });
});

describe("pointColors", () => {
  it("gives one colour per category and the ramp's ends to the extremes", () => {
    const cats = pointColors(3, ["a", "b", "a"], "#000000");
    expect(Array.from(cats.slice(0, 3))).toEqual(Array.from(cats.slice(6, 9)));
    expect(Array.from(cats.slice(0, 3))).not.toEqual(Array.from(cats.slice(3, 6)));
    const values = Array.from({ length: 20 }, (_, i) => String(i));
    const cont = pointColors(20, values, "#000000");
    expect(Array.from(cont.slice(0, 3)).map((v) => v.toFixed(4))).toEqual(ramp(0).map((v) => v.toFixed(4)));
    expect(Array.from(cont.slice(57, 60)).map((v) => v.toFixed(4))).toEqual(ramp(1).map((v) => v.toFixed(4)));
  });
  it("uses the run colour without a column", () => {
    expect(Array.from(pointColors(1, null, "#ff0000"))).toEqual([1, 0, 0]);
  });
});

describe("searchLabels", () => {
  const labels = ["cat", "Catalog", "dog", "hotdog"];
  it("matches substrings case-insensitively and /regex/", () => {
    expect(searchLabels(labels, "cat")).toEqual([0, 1]);
    expect(searchLabels(labels, "/^.*dog$/")).toEqual([2, 3]);
    expect(searchLabels(labels, "/^C/")).toEqual([1]);
    expect(searchLabels(labels, "")).toEqual([]);
    expect(searchLabels(labels, "/(/")).toEqual([]);
  });
});

describe("sampleIndices and normalize", () => {
  it("samples distinct sorted indices deterministically", () => {
    const a = sampleIndices(1000, 10);
    expect(new Set(a).size).toBe(10);
    expect(Array.from(a)).toEqual(Array.from(sampleIndices(1000, 10)));
    expect(Array.from(a)).toEqual([...a].sort((x, y) => x - y));
    expect(sampleIndices(5, 10).length).toBe(5);
  });
  it("shuffles every index exactly once and reorders rows by it", () => {
    const p = permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(p.slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(reorder(new Float32Array([0, 0, 0, 1, 1, 1]), Uint32Array.from([1, 0])))).toEqual([1, 1, 1, 0, 0, 0]);
  });
  it("centres and scales into [-1, 1]", () => {
    const out = normalize(new Float32Array([0, 0, 4, 2]), 2, 2, 2);
    expect(Array.from(out)).toEqual([-1, -0.5, 0, 1, 0.5, 0]);
  });
});

describe("fitting the view", () => {
  it("stands back far enough that the sphere touches the narrower side", () => {
    // Wide view: the vertical half-angle (25 degrees) decides.
    expect(fitDistance(1, 50, 2)).toBeCloseTo(1 / Math.sin((25 * Math.PI) / 180), 6);
    // Tall view: the horizontal half-angle decides, and it is further back.
    const tall = fitDistance(1, 50, 0.5);
    expect(tall).toBeCloseTo(1 / Math.sin(Math.atan(Math.tan((25 * Math.PI) / 180) * 0.5)), 6);
    expect(tall).toBeGreaterThan(fitDistance(1, 50, 2));
  });
  it("gives an orthographic view a half-height that fits the disc across its width", () => {
    expect(fitHalfHeight(1.1, 2)).toBeCloseTo(1.1);
    expect(fitHalfHeight(1.1, 0.5) * 0.5).toBeCloseTo(1.1);
  });
  it("measures the farthest point", () => {
    expect(radiusOf(new Float32Array([0, 0, 0, 3, 4, 0, -1, 0, 0]))).toBeCloseTo(5);
    expect(radiusOf(new Float32Array())).toBe(0);
  });
});

describe("pick", () => {
  it("takes the values of a one-value-a-point array in a drawing order", () => {
    const marks = Uint8Array.from([0, 1, 2, 3]);
    expect([...pick(marks, Uint32Array.from([3, 0, 2, 1]), new Uint8Array(4))]).toEqual([3, 0, 2, 1]);
  });
});
