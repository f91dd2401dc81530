import { Fragment, useMemo, type ReactNode } from "react";

import { cls } from "../lib/names";
import { useTags } from "../lib/calls/tags";
import { tagSections } from "../lib/tagSections";
import "./TagDashboard.css";

export interface TagDashboardProps {
  /** The server plugin whose tag list to show (distributions read "histograms"). */
  tagsOf: string;
  /** The selected runs, in the order their cards appear. */
  runs: string[];
  tagFilter: string;
  onTagFilterChange: (tagFilter: string) => void;
  /** The dashboard's own root class; its CSS sets the layout variables in TagDashboard.css. */
  className: string;
  /** The dashboard's own controls, after the tag filter. */
  controls?: ReactNode;
  renderCard: (run: string, tag: string) => ReactNode;
  /** When set, one card per tag for all its runs (e.g. histograms overlaid) instead of one per run. */
  renderTagCard?: (tag: string, runs: string[]) => ReactNode;
}

/** A tag filter, then one section per matching tag with a card for each selected run that logged it. */
export function TagDashboard({ tagsOf, runs, tagFilter, onTagFilterChange, className, controls, renderCard, renderTagCard }: TagDashboardProps) {
  const tags = useTags(tagsOf);
  const sections = useMemo(() => tagSections(tags.data?.runs ?? {}, runs, tagFilter), [tags.data, runs, tagFilter]);
  return (
    <div className={`${cls("tag-dashboard")} ${className}`}>
      <div className={cls("tag-toolbar")}>
        <input
          className={cls("input")}
          type="search"
          placeholder="Filter tags (regex)"
          aria-label="Filter tags"
          value={tagFilter}
          onChange={(e) => onTagFilterChange(e.target.value)}
        />
        {controls}
      </div>
      {sections.map(([tag, tagRuns]) => (
        <section key={tag} aria-label={tag}>
          <h2 className={cls("tag-title")}>{tag}</h2>
          <div className={cls("tag-cards")}>
            {renderTagCard
              ? renderTagCard(tag, tagRuns)
              : tagRuns.map((run) => <Fragment key={run}>{renderCard(run, tag)}</Fragment>)}
          </div>
        </section>
      ))}
      {tags.data && sections.length === 0 ? <p className={cls("muted")}>No tag matches the filter and the selected runs.</p> : null}
    </div>
  );
}
