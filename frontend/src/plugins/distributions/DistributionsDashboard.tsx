import { useMemo } from "react";

import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useTags } from "../../lib/queries";
import { makeFilter } from "../../lib/regex";
import { X_AXES } from "../../lib/urlState";
import { DistributionCard } from "./DistributionCard";
import "./distributions.css";

const AXIS_LABELS = { step: "Step", relative: "Relative", wall: "Wall" } as const;

/** The histograms' data as percentile bands over time, one card per run and tag. */
export function DistributionsDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  // Distributions are served from the histograms' series: same tags, same data.
  const tags = useTags("histograms");
  const sections = useMemo(() => {
    const { test } = makeFilter(view.tagFilter);
    const byTag = new Map<string, string[]>();
    for (const run of runs) {
      for (const tag of Object.keys(tags.data?.runs[run] ?? {})) {
        if (test(tag)) byTag.set(tag, [...(byTag.get(tag) ?? []), run]);
      }
    }
    return [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [tags.data, runs, view.tagFilter]);
  return (
    <div className={cls("dist-dashboard")}>
      <div className={cls("dist-toolbar")}>
        <input
          className={cls("input")}
          type="search"
          placeholder="Filter tags (regex)"
          aria-label="Filter tags"
          value={view.tagFilter}
          onChange={(e) => setView({ tagFilter: e.target.value })}
        />
        <div className={cls("segmented")} role="group" aria-label="Horizontal axis">
          {X_AXES.map((x) => (
            <button key={x} type="button" aria-pressed={view.x === x} onClick={() => setView({ x })}>
              {AXIS_LABELS[x]}
            </button>
          ))}
        </div>
      </div>
      {sections.map(([tag, tagRuns]) => (
        <section key={tag} aria-label={tag}>
          <h2 className={cls("dist-tag")}>{tag}</h2>
          <div className={cls("dist-grid")}>
            {tagRuns.map((run) => (
              <DistributionCard key={run} run={run} tag={tag} color={colorOf(run)} x={view.x} />
            ))}
          </div>
        </section>
      ))}
      {tags.data && sections.length === 0 ? <p className={cls("muted")}>No tag matches the filter and the selected runs.</p> : null}
    </div>
  );
}
