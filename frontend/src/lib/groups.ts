/**
 * Which runs draw as one line: by run-name prefix (everything before the last "/"), by a regex's
 * first capture group (or its whole match), or by a hyperparameter's value. The statistics are
 * computed on the server (POST /api/scalars/runs with groups), so a grouped card stays one request.
 */
import { naturalCompare } from "./colors";
import { cellText, type Cell } from "./runTable";
import type { GroupBand, GroupStat } from "./urlState";

/** A dashboard's grouping: the spec, the statistics, and where hyperparameters come from. */
export interface Grouping {
  by: string;
  stat: GroupStat;
  band: GroupBand;
  hparamsOf: (run: string) => Readonly<Record<string, Cell>> | undefined;
}

export interface RunGroup {
  name: string;
  runs: string[];
}

/** Runs that a regex does not match, or that lack the hyperparameter, go to this group. */
export const OTHER = "(other)";

/** The groups of `runs` for a `groupBy` spec ("", "prefix", "re:<regex>", "hp:<name>"); null for none. */
export function groupRuns(
  runs: readonly string[],
  groupBy: string,
  hparamsOf: (run: string) => Readonly<Record<string, Cell>> | undefined,
): RunGroup[] | null {
  let key: ((run: string) => string) | null = null;
  if (groupBy === "prefix") {
    key = (run) => (run.includes("/") ? run.slice(0, run.lastIndexOf("/")) : run);
  } else if (groupBy.startsWith("re:")) {
    let re: RegExp;
    try {
      re = new RegExp(groupBy.slice(3));
    } catch {
      return null;
    }
    key = (run) => {
      const m = re.exec(run);
      return m ? (m[1] ?? m[0]) : OTHER;
    };
  } else if (groupBy.startsWith("hp:")) {
    const name = groupBy.slice(3);
    key = (run) => {
      const v = hparamsOf(run)?.[name];
      return v === undefined ? OTHER : `${name}=${cellText(v)}`;
    };
  }
  if (!key) return null;
  const groups = new Map<string, string[]>();
  for (const run of runs) {
    const k = key(run) || OTHER;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(run);
  }
  // Natural order of names; the runs that fit no group last.
  return [...groups.entries()]
    .sort(([a], [b]) => Number(a === OTHER) - Number(b === OTHER) || naturalCompare(a, b)).map(([name, members]) => ({ name, runs: members }));
}
