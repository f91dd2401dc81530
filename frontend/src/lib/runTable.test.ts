import { formatValue, formatWallTime } from "./format";
import { cellDisplay, cellText, hparamColumns, hparamFilter, hparamValues, runRows, sortRows, tableColumns, type RunRow } from "./runTable";

const row = (name: string, lr?: number, opt?: string, loss?: number): RunRow => ({
  name,
  start: null,
  hparams: { ...(lr === undefined ? {} : { lr }), ...(opt ? { opt, fixed: 1 } : { fixed: 1 }) },
  metrics: loss === undefined ? {} : { loss },
});

const rows = [row("seed10", 0.1, "sgd", 0.5), row("seed2", 0.01, "adam", 0.2), row("seed1", undefined, "adam"), row("seed3", 0.1, "sgd", 0.9)];

describe("runs table model", () => {
  it("sorts names naturally", () => {
    expect(sortRows(rows, { key: "name", desc: false }).map((r) => r.name)).toEqual(["seed1", "seed2", "seed3", "seed10"]);
  });

  it("sorts a metric column either way, runs without it last", () => {
    expect(sortRows(rows, { key: "m:loss", desc: false }).map((r) => r.name)).toEqual(["seed2", "seed10", "seed3", "seed1"]);
    expect(sortRows(rows, { key: "m:loss", desc: true }).map((r) => r.name)).toEqual(["seed3", "seed10", "seed2", "seed1"]);
  });

  it("sorts a hyperparameter column with ties broken by name", () => {
    expect(sortRows(rows, { key: "hp:lr", desc: true }).map((r) => r.name)).toEqual(["seed3", "seed10", "seed2", "seed1"]);
  });

  it("filters by a hyperparameter's shown value", () => {
    const byName = new Map(rows.map((r) => [r.name, r.hparams]));
    const test = hparamFilter("opt=sgd", (run) => byName.get(run));
    expect(rows.map((r) => r.name).filter(test)).toEqual(["seed10", "seed3"]);
    expect(hparamFilter("", () => undefined)("x")).toBe(true);
  });

  it("puts hyperparameters that differ before those that do not", () => {
    expect(hparamColumns(rows)).toEqual(["lr", "opt", "fixed"]);
    expect(hparamValues(rows, "lr")).toEqual(["0.01", "0.1"]);
  });
});

describe("runs table rows and cells", () => {
  it("take the hparams metrics, overridden by the last values of the added scalar columns", () => {
    const hp = { hparams: { a: { lr: 0.1 } }, metrics: { a: { acc: 0.5, loss: 9 } } };
    const [a, b] = runRows(
      [
        { name: "a", start_time: 100 },
        { name: "b", start_time: null },
      ],
      hp,
      ["loss", "other"],
      { loss: { a: 0.25, b: 0.75 } },
    );
    expect(a).toEqual({ name: "a", start: 100, hparams: { lr: 0.1 }, metrics: { acc: 0.5, loss: 0.25 } });
    expect(b).toEqual({ name: "b", start: null, hparams: {}, metrics: { loss: 0.75 } });
  });

  it("list the name, hyperparameters, metrics and start as columns", () => {
    expect(tableColumns(["lr"], ["loss"]).map((c) => c.key)).toEqual(["name", "hp:lr", "m:loss", "start"]);
  });

  it("show a start as a wall time, a metric rounded and a hyperparameter as text", () => {
    const r: RunRow = { name: "a", start: 1700000000, hparams: { lr: 0.123456789 }, metrics: { loss: 0.123456789 } };
    expect(cellDisplay(r, "start")).toBe(formatWallTime(1700000000));
    expect(cellDisplay({ ...r, start: null }, "start")).toBe("");
    expect(cellDisplay(r, "m:loss")).toBe(formatValue(0.123456789));
    expect(cellDisplay(r, "hp:lr")).toBe(cellText(0.123456789));
    expect(cellDisplay(r, "name")).toBe("a");
  });
});
