import { formatStep } from "../../lib/format";
import { bandLabel, linesSummary, pointsSummary } from "./CardFooter";
import { DETAIL_MAX_RUNS, pointsFor } from "./points";

describe("scalar card footer", () => {
  it("counts runs, or groups of runs", () => {
    expect(linesSummary(1, false, 1)).toBe("1 run");
    expect(linesSummary(3, false, 3)).toBe("3 runs");
    expect(linesSummary(1, true, 4)).toBe("1 group of 4 runs");
    expect(linesSummary(2, true, 6)).toBe("2 groups of 6 runs");
  });

  it("counts points, and those in view while zoomed", () => {
    expect(pointsSummary(false, 10, 1200)).toBe(`${formatStep(1200)} points`);
    expect(pointsSummary(true, 300, 1200)).toBe(`${formatStep(300)} of ${formatStep(1200)} points in view`);
  });

  it("names each group band", () => {
    expect([bandLabel("minmax"), bandLabel("sem"), bandLabel("std")]).toEqual(["min–max", "± std. error", "± std. dev."]);
  });
});

describe("pointsFor", () => {
  it("asks half a bucket per pixel within bounds, fewer per run in a sweep", () => {
    expect(pointsFor(1000, 1)).toBe(500);
    expect(pointsFor(10, 1)).toBe(200);
    expect(pointsFor(100_000, 1)).toBe(2000);
    expect(pointsFor(1000, 1000)).toBe(64);
    expect(pointsFor(1000, 100_000)).toBe(32);
    expect(DETAIL_MAX_RUNS).toBe(20);
  });
});
