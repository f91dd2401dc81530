import { useMemo } from "react";

import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useTags } from "../../lib/queries";
import { makeFilter } from "../../lib/regex";
import { AudioCard } from "./AudioCard";
import "./audio.css";

/** Audio clips per tag, one card per run with a slider over every logged step. */
export function AudioDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  const tags = useTags("audio");
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
    <div className={cls("audio-dashboard")}>
      <div className={cls("audio-toolbar")}>
        <input
          className={cls("input")}
          type="search"
          placeholder="Filter tags (regex)"
          aria-label="Filter tags"
          value={view.tagFilter}
          onChange={(e) => setView({ tagFilter: e.target.value })}
        />
      </div>
      {sections.map(([tag, tagRuns]) => (
        <section key={tag} aria-label={tag}>
          <h2 className={cls("audio-tag")}>{tag}</h2>
          <div className={cls("audio-cards")}>
            {tagRuns.map((run) => (
              <AudioCard key={run} run={run} tag={tag} color={colorOf(run)} />
            ))}
          </div>
        </section>
      ))}
      {tags.data && sections.length === 0 ? <p className={cls("muted")}>No tag matches the filter and the selected runs.</p> : null}
    </div>
  );
}
