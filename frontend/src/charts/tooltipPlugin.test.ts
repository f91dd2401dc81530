import { nearestIndex } from "./tooltipPlugin";

describe("nearestIndex", () => {
  it("finds the nearest x on either side", () => {
    const xs = [0, 10, 20, 30];
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});

import { placeInside, sortRows, type TooltipSeries } from "./tooltipPlugin";

describe("placeInside", () => {
  const card = { left: 100, top: 100, right: 600, bottom: 400 };
  it("goes right of and below the cursor when it fits", () => {
    expect(placeInside({ x: 200, y: 150 }, { width: 100, height: 50 }, card)).toEqual({ x: 214, y: 164 });
  });
  it("flips to the left and above near the card's far edges, and never leaves the card", () => {
    const at = placeInside({ x: 580, y: 390 }, { width: 200, height: 120 }, card);
    expect(at).toEqual({ x: 580 - 14 - 200, y: 390 - 14 - 120 });
    const big = placeInside({ x: 120, y: 120 }, { width: 480, height: 280 }, card);
    expect(big.x).toBeGreaterThanOrEqual(106);
    expect(big.x + 480).toBeLessThanOrEqual(594);
    expect(big.y).toBeGreaterThanOrEqual(106);
  });
});

describe("sortRows", () => {
  const s = (name: string, v: number): TooltipSeries => ({ name, color: "#000", x: [0], smoothed: [v], value: [v], step: [0], wallTime: [0] });
  const rows = () => [
    { s: s("seed10", 1), i: 0, dist: 5 },
    { s: s("seed2", 3), i: 0, dist: 9 },
    { s: s("seed1", NaN), i: 0, dist: 1 },
  ];
  it("orders by nearest, by value (highest first, gaps last) or by name", () => {
    expect(sortRows(rows(), "nearest").map((r) => r.s.name)).toEqual(["seed1", "seed10", "seed2"]);
    expect(sortRows(rows(), "value").map((r) => r.s.name)).toEqual(["seed2", "seed10", "seed1"]);
    expect(sortRows(rows(), "name").map((r) => r.s.name)).toEqual(["seed1", "seed2", "seed10"]);
  });
});
