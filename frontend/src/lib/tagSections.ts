import { makeFilter } from "./regex";

/** One section of a per-tag dashboard: a tag and the selected runs that logged it. */
export type TagSection = [tag: string, runs: string[]];

/**
 * The tags of `byRun` (run → tag → anything) that match the user's filter, sorted, each with the
 * selected runs that hold it in the order the run list gives them.
 */
export function tagSections(byRun: Record<string, Record<string, unknown>>, runs: readonly string[], tagFilter: string): TagSection[] {
  const { test } = makeFilter(tagFilter);
  const byTag = new Map<string, string[]>();
  for (const run of runs) {
    for (const tag of Object.keys(byRun[run] ?? {})) {
      if (!test(tag)) continue;
      const list = byTag.get(tag);
      if (list) list.push(run);
      else byTag.set(tag, [run]);
    }
  }
  return [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b));
}
