import { describe, expect, it } from "vitest";

import type { HParamsResponse, Session } from "./calls/hparams";
import { columnsOf, defaultHidden, filterSessions, runsPattern, sortSessions } from "./model";
import { colorAt, scaleFor, sessionColors } from "./scales";

const metric = (last: number | null) => ({ last, min: last, max: last, step: 0, wall_time: 0, count: 1 });
const session = (run: string, lr: number, opt: string, acc: number | null): Session => ({
  run,
  hparams: { lr, opt, seed: 1 },
  metrics: acc === null ? {} : { acc: metric(acc) },
  status: "success",
  start_time: null,
  end_time: null,
  group: "",
});
const data: HParamsResponse = {
  hparams: [
    { name: "lr", type: "number", display_name: "", description: "", domain: null, differs: true },
    {
      name: "opt",
      type: "string",
      display_name: "",
      description: "",
      domain: { kind: "discrete", values: ["adam", "sgd"] },
      differs: true,
    },
    { name: "seed", type: "number", display_name: "", description: "", domain: null, differs: false },
  ],
  metrics: [{ key: "acc", tag: "acc", group: "", display_name: "", description: "" }],
  sessions: [session("b", 0.1, "sgd", 0.5), session("a", 0.001, "adam", 0.9), session("c", 0.01, "adam", null)],
};
const columns = columnsOf(data);
const acc = "m:acc";

describe("hparams table model", () => {
  it("sorts by a metric with missing values last in both directions", () => {
    const up = sortSessions(data.sessions, columns, { by: acc, dir: 1 }, "last").map((s) => s.run);
    const down = sortSessions(data.sessions, columns, { by: acc, dir: -1 }, "last").map((s) => s.run);
    expect(up).toEqual(["b", "a", "c"]);
    expect(down).toEqual(["a", "b", "c"]);
  });

  it("keeps only sessions inside a range and among chosen values", () => {
    const byRange = filterSessions(data.sessions, columns, { [acc]: { kind: "range", min: 0.6, max: null } }, ["success"], "last");
    expect(byRange.map((s) => s.run)).toEqual(["a"]);
    const byValue = filterSessions(data.sessions, columns, { "h:opt": { kind: "values", values: ["s:adam"] } }, ["success"], "last");
    expect(byValue.map((s) => s.run)).toEqual(["a", "c"]);
    expect(filterSessions(data.sessions, columns, {}, ["failure"], "last")).toEqual([]);
  });

  it("hides hyperparameters every session shares", () => {
    expect(defaultHidden(columns, 3)).toEqual(["h:seed"]);
  });

  it("links sessions to exactly their runs and sub-runs, even with regex characters in a name", () => {
    const re = new RegExp(runsPattern(["lr=0.1 (a)", "b"]));
    expect(re.test("lr=0.1 (a)")).toBe(true);
    expect(re.test("lr=0.1 (a)/validation")).toBe(true);
    expect(re.test("b")).toBe(true);
    expect(re.test("lr=0.1 (a)2")).toBe(false);
    expect(re.test("bb")).toBe(false);
  });
});

describe("hparams axis scales", () => {
  it("puts learning rates spread over decades on a log axis", () => {
    const scale = scaleFor(columns[0], data.sessions, "last");
    expect(scale.kind).toBe("log");
    expect(scale.pos(0.01)).toBeCloseTo(0.5);
  });

  it("maps a brushed span of a category axis to the values inside it", () => {
    const scale = scaleFor(columns[1], data.sessions, "last");
    expect(scale.invert(0.6, 1)).toEqual({ values: ["s:sgd"] });
  });
});

describe("sessionColors", () => {
  it("colours each session along the chosen column, muted without a value, accent when none is chosen", () => {
    const { scale, colorOf } = sessionColors(columns.find((c) => c.id === acc)!, data.sessions, "last");
    expect(scale?.kind).toBe("linear");
    const [b, a, c] = data.sessions;
    expect(colorOf(b)).toBe(colorAt(0));
    expect(colorOf(a)).toBe(colorAt(1));
    expect(colorOf(c)).toBe("var(--tb-muted)");
    const none = sessionColors(null, data.sessions, "last");
    expect(none.scale).toBeNull();
    expect(none.colorOf(a)).toBe("var(--tb-accent)");
  });
});
