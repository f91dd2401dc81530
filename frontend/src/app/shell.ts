/** The shell's pure parts: which dashboards have data, and the run table's colours when runs are grouped. */
import { assignColors } from "../lib/colors";
import { groupRuns } from "../lib/groups";
import type { Cell } from "../lib/runTable";
import type { PluginDefinition } from "../lib/plugin";

/**
 * Orders the registered dashboards as the server lists them and splits them by whether they have
 * data; the ones the server does not list come last, without data.
 */
export function splitByData(plugins: readonly PluginDefinition[], status: { name: string; has_data: boolean }[] | undefined) {
  const withData: PluginDefinition[] = [];
  const withoutData: PluginDefinition[] = [];
  const known = new Map(plugins.map((p) => [p.name, p]));
  for (const s of status ?? []) {
    const plugin = known.get(s.name);
    if (!plugin) continue;
    known.delete(s.name);
    (s.has_data ? withData : withoutData).push(plugin);
  }
  withoutData.push(...known.values());
  return { withData, withoutData };
}

/**
 * The run table's colour of each run: grouped, each run takes its group's colour (the colour of the
 * group's line, assigned over the visible groups' names as the scalar cards assign it); ungrouped,
 * or when the grouping yields no groups, the run's own colour.
 */
export function tableColors(
  groupBy: string,
  selectedRuns: readonly string[],
  allRuns: readonly string[],
  hparamsOf: (run: string) => Readonly<Record<string, Cell>> | undefined,
  colorOf: (run: string) => string,
): (run: string) => string {
  if (!groupBy) return colorOf;
  const visible = groupRuns(selectedRuns, groupBy, hparamsOf);
  if (!visible) return colorOf;
  const groupColors = assignColors(visible.map((g) => g.name));
  const groupOf = new Map<string, string>();
  for (const g of groupRuns(allRuns, groupBy, hparamsOf) ?? []) for (const run of g.runs) groupOf.set(run, g.name);
  return (run: string) => groupColors.get(groupOf.get(run) ?? "") ?? colorOf(run);
}
