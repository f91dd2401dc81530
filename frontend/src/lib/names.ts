/** Names shared across the app: one CSS class prefix and the server-sent event names. */

/** Every class the app defines starts with this prefix, so it never clashes with a host page. */
export const CSS_PREFIX = "tb";

/** Builds a prefixed class name: cls("card") === "tb-card". */
export function cls(...parts: Array<string | false | null | undefined>): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .map((p) => `${CSS_PREFIX}-${p}`)
    .join(" ");
}

/** Event names on GET /api/events (docs/dev/contracts.md). */
export const LIVE_EVENTS = {
  hello: "hello",
  change: "change",
  progress: "progress",
} as const;

/** Query-key roots. Per-run data lives under runKey(run) so a change to one run refetches only its data. */
export const QUERY_ROOTS = {
  environment: "environment",
  runs: "runs",
  plugins: "plugins",
  tags: "tags",
  run: "run",
  /** Many runs' series in one answer (POST /api/scalars/runs); the key's third item lists the runs. */
  series: "series",
  hparams: "hparams",
  graphs: "graphs",
  mesh: "mesh",
  projector: "projector",
} as const;

/** How a live change refreshes a key root (hooks/useLiveUpdates.ts acts on it). */
export type LiveRefresh =
  /** Refetched when a change names a run the query holds (runKey(run), a series answer's runs). */
  | "changed runs"
  /** Refetched on every change: small lists a change may grow (a run, a tag, a dashboard). */
  | "every change"
  /** Refetched on every progress event of the first read. */
  | "progress";

/**
 * The key roots a live change refreshes, and how. Every server call (a file under lib/calls/ or
 * plugins/<p>/calls/) exports the `root` of its keys, and lib/calls/calls.test.ts fails when a root is
 * in neither this list nor NEVER_REFRESHED.
 */
export const LIVE_REFRESH = {
  [QUERY_ROOTS.run]: "changed runs",
  [QUERY_ROOTS.series]: "changed runs",
  [QUERY_ROOTS.runs]: "every change",
  [QUERY_ROOTS.tags]: "every change",
  [QUERY_ROOTS.plugins]: "every change",
  [QUERY_ROOTS.environment]: "progress",
} as const satisfies Record<string, LiveRefresh>;

/** The key roots no change event refreshes, and why their answers still stay current. */
export const NEVER_REFRESHED = {
  [QUERY_ROOTS.hparams]: "keyed by the run list's generation: a new run list asks again",
  [QUERY_ROOTS.graphs]: "keyed by the graph's version from the graph-runs list (under tags)",
  [QUERY_ROOTS.mesh]: "not refreshed live: read again when the dashboard is opened",
  [QUERY_ROOTS.projector]: "not refreshed live: read again when the dashboard is opened",
} as const satisfies Record<string, string>;

/** The key prefix under which every plugin stores data read from one run. */
export function runKey(run: string): readonly [string, string] {
  return [QUERY_ROOTS.run, run] as const;
}

/** A file name from a tag or run: "loss/train" -> "loss_train". */
export function fileStem(name: string): string {
  return name.replace(/[^\w.-]+/g, "_").replace(/^_+|_+$/g, "") || "chart";
}
