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
} as const;

/** The key prefix under which every plugin stores data read from one run. */
export function runKey(run: string): readonly [string, string] {
  return [QUERY_ROOTS.run, run] as const;
}

/** A file name from a tag or run: "loss/train" -> "loss_train". */
export function fileStem(name: string): string {
  return name.replace(/[^\w.-]+/g, "_").replace(/^_+|_+$/g, "") || "chart";
}
