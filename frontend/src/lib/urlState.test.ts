import { DEFAULT_VIEW, dashboardViewOf, parseView, serializeView, type ViewState } from "./urlState";

describe("URL view state", () => {
  it("keeps the default view out of the URL", () => {
    expect(serializeView(DEFAULT_VIEW)).toBe("");
  });

  it("round-trips every field, including run names with commas and slashes", () => {
    const view: ViewState = {
      tab: "scalars",
      runFilter: "ppo/.*",
      tagFilter: "^loss",
      smoothing: 0.85,
      x: "wall",
      logY: true,
      ignoreOutliers: true,
      hiddenRuns: ["a,b", "ppo/seed 1"],
      onlyRuns: null,
      hparamFilter: "lr=0.001",
      onlySelected: true,
      groupBy: "re:(lr[^/]*)",
      groupStat: "median",
      groupBand: "minmax",
      hpSort: "-m:loss",
      hpFilters: '{"h:lr":{"kind":"range","min":0.001,"max":null}}',
      pinned: ["loss/train", "a;b%c"],
      expanded: "lr",
      cards: {
        "loss/train": { x: "relative", logY: false, yMin: 0, yMax: 2.5, table: true, zoom: { x: "relative", lo: 1.5, hi: 30 } },
        "odd;tag%": { outliers: true },
      },
    };
    expect(parseView(serializeView(view))).toEqual(view);
    const only = { ...view, hiddenRuns: [], onlyRuns: ["a", "b/c"] };
    expect(parseView(serializeView(only))).toEqual(only);
    expect(parseView(serializeView({ ...view, hiddenRuns: [], onlyRuns: [] })).onlyRuns).toEqual([]);
  });

  it("reads a pasted link leniently: bad values fall back to defaults", () => {
    const view = parseView("?x=furlongs&smoothing=abc&logY=yes");
    expect(view.x).toBe("step");
    expect(view.smoothing).toBeNull();
    expect(view.logY).toBe(false);
  });

  it("clamps an out-of-range smoothing from the URL", () => {
    expect(parseView("?smoothing=3").smoothing).toBe(0.999);
  });
});

describe("dashboardViewOf", () => {
  it("keeps the dashboard's view while only the run selection changes", () => {
    const first = dashboardViewOf(null, DEFAULT_VIEW, DEFAULT_VIEW);
    const typed = { ...DEFAULT_VIEW, runFilter: "seed1", hiddenRuns: ["a"] };
    expect(dashboardViewOf(first, typed, DEFAULT_VIEW)).toBe(first);
    expect(dashboardViewOf(first, typed, typed)).toBe(first);
    const moved = dashboardViewOf(first, { ...typed, logY: true }, typed);
    expect(moved).not.toBe(first);
    expect(moved.logY).toBe(true);
    expect(moved.runFilter).toBe("seed1");
    expect(moved.hiddenRuns).toEqual(["a"]);
  });

  it("follows the dashboard's own fields at once", () => {
    const first = dashboardViewOf(null, DEFAULT_VIEW, DEFAULT_VIEW);
    const next = dashboardViewOf(first, { ...DEFAULT_VIEW, tagFilter: "loss", runFilter: "x" }, DEFAULT_VIEW);
    expect(next.tagFilter).toBe("loss");
    expect(next.runFilter).toBe("");
  });
});
