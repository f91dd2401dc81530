/**
 * Which runs are checked, kept short in the URL: either the unchecked runs (new runs then start
 * checked) or, when fewer, the checked ones (new runs then start unchecked), whichever list is shorter.
 */
import type { ViewState } from "./urlState";

export type Selection = Pick<ViewState, "hiddenRuns" | "onlyRuns">;

export function isChecked(sel: Selection, run: string, only?: ReadonlySet<string>, hidden?: ReadonlySet<string>): boolean {
  if (sel.onlyRuns) return (only ?? new Set(sel.onlyRuns)).has(run);
  return !(hidden ?? new Set(sel.hiddenRuns)).has(run);
}

/** A checker that builds its sets once. */
export function checker(sel: Selection): (run: string) => boolean {
  const only = sel.onlyRuns ? new Set(sel.onlyRuns) : undefined;
  const hidden = new Set(sel.hiddenRuns);
  return (run) => isChecked(sel, run, only, hidden);
}

/** The selection after checking (or unchecking) `names`, in its shorter form over `all` runs. */
export function setChecked(sel: Selection, all: readonly string[], names: readonly string[], checked: boolean): Selection {
  const is = checker(sel);
  const change = new Set(names);
  const on: string[] = [];
  const off: string[] = [];
  for (const run of all) {
    const now = change.has(run) ? checked : is(run);
    (now ? on : off).push(run);
  }
  return on.length < off.length ? { hiddenRuns: [], onlyRuns: on } : { hiddenRuns: off, onlyRuns: null };
}
