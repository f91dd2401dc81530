/** The lines a scalar card draws: one per run, or grouped, one per group (its name in place of a run's) in the group's colour. */
import { useMemo } from "react";

import { assignColors } from "../../lib/colors";
import { type Grouping, groupRuns } from "../../lib/groups";

export function useCardLines(runs: string[], grouping: Grouping | null, runColorOf: (run: string) => string) {
  const groups = useMemo(() => (grouping ? groupRuns(runs, grouping.by, grouping.hparamsOf) : null), [grouping, runs]);
  const lines = useMemo(() => (groups ? groups.map((g) => g.name) : runs), [groups, runs]);
  const colorOf = useMemo(() => {
    if (!groups) return runColorOf;
    const colors = assignColors(lines);
    return (name: string) => colors.get(name) ?? "#888";
  }, [groups, lines, runColorOf]);
  // A group line's member runs, for the tooltip.
  const members = useMemo(() => new Map(groups?.map((g) => [g.name, g.runs])), [groups]);
  return { groups, lines, colorOf, members };
}
