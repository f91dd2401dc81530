import { Fragment, useMemo, type ReactNode } from "react";

import { cls } from "../lib/names";
import type { DashboardProps } from "../lib/plugin";
import { useTags } from "../lib/calls/tags";
import { tagSections } from "../lib/tagSections";
import type { RunTagCardProps } from "./ChartCard";
import { SearchInput } from "./SearchInput";
import "./TagDashboard.css";

/** The part of DashboardProps it reads: the runs in the order their cards appear, colours, the tag filter. */
export type TagDashboardShell = Pick<DashboardProps, "runs" | "colorOf" | "view" | "setView">;

export interface TagDashboardProps extends TagDashboardShell {
  /** The server plugin whose tag list to show (distributions read "histograms"). */
  tagsOf: string;
  /** The dashboard's own root class; its CSS sets the layout variables in TagDashboard.css. */
  className: string;
  /** The dashboard's own controls, after the tag filter. */
  controls?: ReactNode;
  renderCard: (card: RunTagCardProps) => ReactNode;
  /** When set, one card per tag for all its runs (e.g. histograms overlaid) instead of one per run. */
  renderTagCard?: (tag: string, runs: string[]) => ReactNode;
}

/** A tag filter, then one section per matching tag with a card for each selected run that logged it. */
export function TagDashboard(props: TagDashboardProps) {
  const { tagsOf, runs, colorOf, view, setView, className, controls, renderCard, renderTagCard } = props;
  const tagFilter = view.tagFilter;
  const tags = useTags(tagsOf);
  const sections = useMemo(() => tagSections(tags.data?.runs ?? {}, runs, tagFilter), [tags.data, runs, tagFilter]);
  return (
    <div className={`${cls("tag-dashboard")} ${className}`}>
      <div className={cls("tag-toolbar")}>
        <SearchInput label="Filter tags" placeholder="Filter tags (regex)" value={tagFilter} onChange={(f) => setView({ tagFilter: f })} />
        {controls}
      </div>
      {sections.map(([tag, tagRuns]) => (
        <section key={tag} aria-label={tag}>
          <h2 className={cls("tag-title")}>{tag}</h2>
          <div className={cls("tag-cards")}>
            {renderTagCard
              ? renderTagCard(tag, tagRuns)
              : tagRuns.map((run) => <Fragment key={run}>{renderCard({ run, tag, color: colorOf(run) })}</Fragment>)}
          </div>
        </section>
      ))}
      {tags.data && sections.length === 0 ? <p className={cls("muted")}>No tag matches the filter and the selected runs.</p> : null}
    </div>
  );
}
