import { describe, expect, it } from "vitest";

import type { ScalarSeries } from "../../lib/calls/series";
import { boundAtSteps, marginModel, multilineModel } from "./chartModel";

function series(step: number[], value: number[], smoothed = value): ScalarSeries {
  return {
    run: "r",
    tag: "t",
    total: step.length,
    in_range: step.length,
    downsampled: false,
    x: step,
    step,
    wall_time: step.map((s) => 1000 + s),
    value,
    smoothed,
    band: null,
    requestedSmoothing: 0,
  };
}

describe("multilineModel", () => {
  it("draws every tag of every run on one shared x column", () => {
    const model = multilineModel(
      [
        { run: "a", tag: "loss/train", color: "#111111", series: series([0, 1, 2], [3, 2, 1]) },
        { run: "b", tag: "loss/train", color: "#222222", series: series([1, 3], [5, 4]) },
      ],
      2,
    );
    expect(model.data[0]).toEqual([0, 1, 2, 3]);
    expect(model.data[1]).toEqual([3, 2, 1, null]);
    expect(model.data[2]).toEqual([null, 5, null, 4]);
    expect(model.series.map((s) => s.label)).toEqual(["loss/train (a)", "loss/train (b)"]);
    // Each line has its run's colour, as in the Scalars dashboard.
    expect(model.series.map((s) => s.stroke)).toEqual(["#111111", "#222222"]);
    expect(model.drawn).toBe(2);
    expect(model.legend.map((l) => l.label)).toEqual(["loss/train (a)", "loss/train (b)"]);
  });

  it("labels lines by tag alone when one run is shown and keeps a line still loading", () => {
    const model = multilineModel(
      [
        { run: "a", tag: "loss/train", color: "#111111", series: series([0], [1]) },
        { run: "a", tag: "loss/val", color: "#111111", series: undefined },
      ],
      1,
    );
    expect(model.series.map((s) => s.label)).toEqual(["loss/train", "loss/val"]);
    expect(model.drawn).toBe(1);
    expect(model.data.length).toBe(3);
    expect(model.series[0].stroke).not.toEqual(model.series[1].stroke);
  });

  it("tells a run's tags apart by dash pattern when lines take their run's colour", () => {
    const model = multilineModel(
      [
        { run: "a", tag: "x", color: "#111111", series: series([0], [1]) },
        { run: "a", tag: "y", color: "#111111", series: series([0], [2]) },
        { run: "b", tag: "x", color: "#222222", series: series([0], [3]) },
      ],
      2,
    );
    expect(model.series.map((s) => s.stroke)).toEqual(["#111111", "#111111", "#222222"]);
    expect(model.series[0].dash).toEqual(model.series[2].dash);
    expect(model.series[0].dash).not.toEqual(model.series[1].dash);
  });
});

describe("marginModel", () => {
  it("fills between the bounds logged at the value's steps", () => {
    const model = marginModel([
      {
        run: "a",
        color: "#1f77b4",
        value: series([0, 1, 2], [1, 2, 3]),
        lower: series([0, 1, 2], [0.5, 1.5, 2.5]),
        upper: series([0, 2], [1.5, 3.5]),
      },
    ]);
    // Step 1 of the upper bound was not returned (downsampled away): it is interpolated, not a hole.
    expect(model.data).toEqual([[0, 1, 2], [1, 2, 3], [1.5, 2.5, 3.5], [0.5, 1.5, 2.5]]);
    expect(model.bands).toEqual([{ series: [2, 3], fill: "#1f77b433" }]);
    expect(model.yValues).toContain(3.5);
  });

  it("leaves a bound that was never logged as gaps instead of zeros", () => {
    expect(boundAtSteps([0, 1], undefined)).toEqual([null, null]);
  });

  it("draws no band outside the steps the bound was logged at", () => {
    expect(boundAtSteps([0, 5, 10, 20], series([5, 10], [1, 2]))).toEqual([null, 1, 2, null]);
  });
});
