/** The static report: runs to show on the left, the smoothing slider and the tag filter on top, one card
 * per tag grouped by prefix, and the hparams table under them. Everything comes from the page itself. */
import { useMemo, useState } from "react";

import { SmoothingControl } from "../components/SmoothingControl";
import { SearchInput } from "../components/SearchInput";
import { useTheme } from "../hooks/useTheme";
import { assignColors, naturalCompare } from "../lib/colors";
import { cls } from "../lib/names";
import { DEFAULT_SMOOTHING } from "../lib/smoothing";
import type { ThemeChoice } from "../lib/settings";
import type { Report } from "./data";
import { HParamsTable } from "./HParamsTable";
import { ReportCard } from "./ReportCard";
import { RunList } from "./RunList";

export interface ReportAppProps {
  report: Report;
}

/** Tags grouped by the prefix before their first "/", in natural order, as the dashboard groups them. */
function groupTags(tags: readonly string[]): Array<{ name: string; tags: string[] }> {
  const groups = new Map<string, string[]>();
  for (const tag of [...tags].sort(naturalCompare)) {
    const slash = tag.indexOf("/");
    const name = slash === -1 ? tag : tag.slice(0, slash);
    groups.set(name, [...(groups.get(name) ?? []), tag]);
  }
  return [...groups].sort(([a], [b]) => naturalCompare(a, b)).map(([name, members]) => ({ name, tags: members }));
}

export function ReportApp({ report }: ReportAppProps) {
  const { meta, series } = report;
  const runs = useMemo(() => [...meta.runs].sort(naturalCompare), [meta.runs]);
  // Coloured once with every run visible, so hiding a run never recolours the others.
  const colors = useMemo(() => assignColors(runs), [runs]);
  const colorOf = (run: string) => colors.get(run) ?? "#888";
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [smoothing, setSmoothing] = useState(DEFAULT_SMOOTHING);
  const [tagFilter, setTagFilter] = useState("");
  const [themeChoice, setThemeChoice] = useState<ThemeChoice>("system");
  const theme = useTheme(themeChoice);

  const visible = useMemo(() => runs.filter((r) => !hidden.has(r)), [runs, hidden]);
  const groups = useMemo(() => {
    const needle = tagFilter.trim().toLowerCase();
    return groupTags(meta.tags.filter((t) => t.toLowerCase().includes(needle)));
  }, [meta.tags, tagFilter]);
  const created = new Date(meta.created * 1000);

  return (
    <div className={cls("app")}>
      <header className={cls("header")}>
        <span className={cls("brand")}>trainboard</span>
        <span className={cls("report-title")} title={meta.logdir}>
          {meta.title}
        </span>
        <span className={cls("spacer")} />
        <span className={cls("muted")}>
          Exported {created.toLocaleString()} · {meta.runs.length} runs · {meta.tags.length} tags
        </span>
        <label className={cls("control")}>
          Theme
          <select className={cls("select")} aria-label="Theme" value={themeChoice} onChange={(e) => setThemeChoice(e.target.value as ThemeChoice)}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </header>
      <div className={cls("layout")}>
        <aside className={cls("sidebar")}>
          <RunList runs={runs} hidden={hidden} colorOf={colorOf} onChange={setHidden} />
          <p className={cls("logdir")} title={meta.logdir}>
            {meta.logdir}
          </p>
        </aside>
        <main className={cls("main")}>
          <div className={cls("toolbar")}>
            <div className={cls("toolbar-filter")}>
              <SearchInput label="Filter tags" value={tagFilter} onChange={setTagFilter} />
            </div>
            <SmoothingControl value={smoothing} onChange={setSmoothing} />
            <span className={cls("muted")}>Drag on a chart to zoom, double-click to reset</span>
          </div>
          <div className={cls("groups")}>
            {groups.map((group) => (
              <section key={group.name} className={cls("group")} aria-label={`Tag group ${group.name}`}>
                <h2 className={cls("group-head", "report-group-head")}>
                  {group.name} <span className={cls("muted")}>{group.tags.length}</span>
                </h2>
                <div className={cls("cards")}>
                  {group.tags.map((tag) => (
                    <ReportCard
                      key={tag}
                      tag={tag}
                      runs={visible.filter((r) => series.get(r)?.has(tag))}
                      series={series}
                      colorOf={colorOf}
                      smoothing={smoothing}
                      theme={theme}
                    />
                  ))}
                </div>
              </section>
            ))}
            {groups.length === 0 ? <p className={cls("muted")}>No tag matches the filter.</p> : null}
            <HParamsTable table={meta.hparams} hidden={hidden} colorOf={colorOf} />
          </div>
        </main>
      </div>
    </div>
  );
}
