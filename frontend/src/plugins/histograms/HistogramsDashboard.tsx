import { useMemo, useState } from "react";

import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useTags } from "../../lib/queries";
import { makeFilter } from "../../lib/regex";
import { HistogramCard } from "./HistogramCard";
import type { HistogramMode } from "./RidgePlot";
import "./histograms.css";

/** Histograms per tag, one card per run, as offset ridges (newest in front) or overlaid. */
export function HistogramsDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  const [mode, setMode] = useState<HistogramMode>("offset");
  const tags = useTags("histograms");
  const sections = useMemo(() => tagSections(tags.data?.runs ?? {}, runs, view.tagFilter), [tags.data, runs, view.tagFilter]);
  return (
    <div className={cls("hist-dashboard")}>
      <div className={cls("hist-toolbar")}>
        <input
          className={cls("input")}
          type="search"
          placeholder="Filter tags (regex)"
          aria-label="Filter tags"
          value={view.tagFilter}
          onChange={(e) => setView({ tagFilter: e.target.value })}
        />
        <div className={cls("segmented")} role="group" aria-label="Histogram mode">
          {(["offset", "overlay"] as const).map((m) => (
            <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === "offset" ? "Offset" : "Overlay"}
            </button>
          ))}
        </div>
      </div>
      {sections.map(([tag, tagRuns]) => (
        <section key={tag} className={cls("hist-section")} aria-label={tag}>
          <h2 className={cls("hist-tag")}>{tag}</h2>
          <div className={cls("hist-grid")}>
            {tagRuns.map((run) => (
              <HistogramCard key={run} run={run} tag={tag} color={colorOf(run)} mode={mode} />
            ))}
          </div>
        </section>
      ))}
      {tags.data && sections.length === 0 ? <p className={cls("muted")}>No tag matches the filter and the selected runs.</p> : null}
    </div>
  );
}

/** Tags (sorted, filtered) with the selected runs that hold each. */
export function tagSections(
  byRun: Record<string, Record<string, unknown>>,
  runs: string[],
  tagFilter: string,
): Array<[string, string[]]> {
  const { test } = makeFilter(tagFilter);
  const out = new Map<string, string[]>();
  for (const run of runs) {
    for (const tag of Object.keys(byRun[run] ?? {})) {
      if (!test(tag)) continue;
      if (!out.has(tag)) out.set(tag, []);
      out.get(tag)!.push(run);
    }
  }
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
}
