import { describe, expect, it } from "vitest";

import { pointsAt, rangeStats } from "./dataTable";
import type { TooltipSeries } from "./tooltipPlugin";

const line = (name: string, values: number[]): TooltipSeries => ({
  name,
  color: "#123456",
  x: values.map((_, i) => i * 10),
  step: values.map((_, i) => i * 10),
  wallTime: values.map((_, i) => 1000 + i),
  value: values,
  smoothed: values.map((v) => v / 2),
});

describe("data table", () => {
  it("reads each line's point nearest the cursor, or its last point", () => {
    const rows = pointsAt([line("a", [1, 2, 3]), line("b", [])], 12);
    expect(rows).toEqual([{ name: "a", color: "#123456", value: 2, smoothed: 1, step: 10, wallTime: 1001, x: 10 }]);
    expect(pointsAt([line("a", [1, 2, 3])], null)[0].value).toBe(3);
  });

  it("gives min, max, mean and change over the selected range, skipping NaN", () => {
    const [row] = rangeStats([line("a", [5, 1, NaN, 4, 9])], 10, 30);
    expect(row).toMatchObject({ min: 1, max: 4, mean: 2.5, change: 3, count: 2 });
    expect(rangeStats([line("a", [1, 2])], 100, 200)).toEqual([]);
  });
});
