import { useMemo, useState } from "react";

import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useTags } from "../../lib/queries";
import { makeFilter } from "../../lib/regex";
import { TextCard } from "./TextCard";
import "./text.css";

/** Text per tag, one card per run, rendered as sanitised Markdown or shown raw. */
export function TextDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  const tags = useTags("text");
  const [markdown, setMarkdown] = useState(true);
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
    <div className={cls("text-dashboard")}>
      <div className={cls("text-toolbar")}>
        <input
          className={cls("input")}
          type="search"
          placeholder="Filter tags (regex)"
          aria-label="Filter tags"
          value={view.tagFilter}
          onChange={(e) => setView({ tagFilter: e.target.value })}
        />
        <label className={cls("text-control")}>
          <input type="checkbox" checked={markdown} onChange={(e) => setMarkdown(e.target.checked)} />
          Render Markdown
        </label>
      </div>
      {sections.map(([tag, tagRuns]) => (
        <section key={tag} aria-label={tag}>
          <h2 className={cls("text-tag")}>{tag}</h2>
          <div className={cls("text-cards")}>
            {tagRuns.map((run) => (
              <TextCard key={run} run={run} tag={tag} color={colorOf(run)} markdown={markdown} />
            ))}
          </div>
        </section>
      ))}
      {tags.data && sections.length === 0 ? <p className={cls("muted")}>No tag matches the filter and the selected runs.</p> : null}
    </div>
  );
}
