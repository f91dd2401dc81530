/**
 * The server-call convention (docs/dev/architecture.md): every query lives in a call file under
 * lib/calls/ or plugins/<p>/calls/, exports the `root` of its keys, and that root is either refreshed
 * by a live change (LIVE_REFRESH) or listed, with the reason, as never refreshed (NEVER_REFRESHED).
 */
import { keyHasRun } from "../../hooks/useLiveUpdates";
import { LIVE_REFRESH, NEVER_REFRESHED, QUERY_ROOTS, runKey } from "../names";
import { lastValuesQuery } from "./lastValues";
import { seriesQuery } from "./series";

const calls = import.meta.glob<{ root?: unknown }>(["../../**/calls/*.ts", "!../../**/*.test.ts"], { eager: true });
const sources = import.meta.glob<string>(["../../**/*.{ts,tsx}", "!../../**/*.test.{ts,tsx}"], {
  eager: true,
  query: "?raw",
  import: "default",
});

describe("server calls", () => {
  it("are found (the globs match the call files)", () => {
    expect(Object.keys(calls).length).toBeGreaterThan(20);
    expect(Object.keys(calls)).toContain("./runs.ts");
    expect(Object.keys(calls)).toContain("../../plugins/hparams/calls/hparams.ts");
  });

  it.each(Object.entries(calls))("%s: its key root is in LIVE_REFRESH or NEVER_REFRESHED", (_, module) => {
    expect(typeof module.root).toBe("string");
    const root = module.root as string;
    expect(root in LIVE_REFRESH || root in NEVER_REFRESHED).toBe(true);
  });

  it("classify every key root once", () => {
    for (const root of Object.values(QUERY_ROOTS)) {
      expect([root in LIVE_REFRESH, root in NEVER_REFRESHED].filter(Boolean)).toHaveLength(1);
    }
  });

  it("are the only places that define a query", () => {
    const outside = Object.entries(sources)
      .filter(([path]) => !/^\.\/[^/]+\.ts$|\/calls\/[^/]+\.ts$/.test(path))
      .filter(([, text]) => /\bqueryOptions\(|\buseQuery\(/.test(text))
      .map(([path]) => path);
    expect(outside).toEqual([]);
  });
});

describe("keyHasRun", () => {
  it("finds a changed run under runKey and in a series answer's runs, and nowhere else", () => {
    expect(keyHasRun(QUERY_ROOTS.run, [...runKey("a"), "text", "t"], "a")).toBe(true);
    expect(keyHasRun(QUERY_ROOTS.run, [...runKey("b"), "text", "t"], "a")).toBe(false);
    const series = seriesQuery(["a", "b"], ["loss"], { points: 10, smoothing: 0, x: "step", range: null }).queryKey;
    expect(keyHasRun(QUERY_ROOTS.series, series, "b")).toBe(true);
    expect(keyHasRun(QUERY_ROOTS.series, series, "c")).toBe(false);
    expect(keyHasRun(QUERY_ROOTS.series, lastValuesQuery(["a"], ["loss"]).queryKey, "a")).toBe(true);
    expect(keyHasRun(QUERY_ROOTS.run, series, "a")).toBe(false);
  });
});
