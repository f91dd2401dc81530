/**
 * The Scalars dashboard: a toolbar, the pinned cards, then tag groups (prefix before the first "/") of
 * cards. Groups of one tag share rows (see TagGroupSection).
 */
import { useCallback, useMemo, useState } from "react";

import { CodeSample, EmptyState } from "../../components/EmptyState";
import { RevealMore } from "../../components/RevealMore";
import type { DashboardProps } from "../../lib/plugin";
import { patchCards, type CardView } from "../../lib/cardView";
import type { Grouping } from "../../lib/groups";
import { useRunHParams } from "../../lib/calls/runHParams";
import { useTags } from "../../lib/calls/tags";
import { makeFilter } from "../../lib/regex";
import { cls } from "../../lib/names";
import { ScalarsToolbar } from "./ScalarsToolbar";
import { TagGroupSection } from "./TagGroupSection";
import { groupTags, limitGroups, pinnedGroup } from "./tagGroups";
import "./scalars.css";

/** Cards rendered at first, and added each time the end of the page comes near. */
const CARD_BATCH = 120;

export function ScalarsDashboard({ runs, colorOf, view, setView, settings, theme }: DashboardProps) {
  const tags = useTags("scalars");
  const smoothing = view.smoothing ?? settings.defaultSmoothing;
  const tagFilter = useMemo(() => makeFilter(view.tagFilter), [view.tagFilter]);
  const tagsByRun = tags.data?.runs;
  const allGroups = useMemo(() => groupTags(tagsByRun ?? {}, runs), [tagsByRun, runs]);
  // No filter: the same groups (12,345 tags: grouping them twice cost a tenth of the first paint).
  const groups = useMemo(
    () => (view.tagFilter ? groupTags(tagsByRun ?? {}, runs, tagFilter.test) : allGroups),
    [view.tagFilter, tagsByRun, runs, tagFilter, allGroups],
  );
  const totalTags = allGroups.reduce((n, g) => n + g.tags.length, 0);
  const hparams = useRunHParams().data?.hparams;
  const grouping: Grouping | null = useMemo(
    () => (view.groupBy ? { by: view.groupBy, stat: view.groupStat, band: view.groupBand, hparamsOf: (run) => hparams?.[run] } : null),
    [view.groupBy, view.groupStat, view.groupBand, hparams],
  );
  const hparamNames = useMemo(() => [...new Set(Object.values(hparams ?? {}).flatMap((h) => Object.keys(h)))].sort(), [hparams]);
  const shownTags = groups.reduce((n, g) => n + g.tags.length, 0);
  // Pinned cards stay in view whatever the tag filter says.
  const pinned = useMemo(() => pinnedGroup(allGroups, view.pinned), [allGroups, view.pinned]);
  const pinnedSet = useMemo(() => new Set(view.pinned), [view.pinned]);

  const onCard = useCallback(
    (tag: string, patch: Partial<CardView>) => setView((old) => ({ cards: patchCards(old.cards, tag, patch) })),
    [setView],
  );
  const onPin = useCallback(
    (tag: string) => setView((old) => ({ pinned: old.pinned.includes(tag) ? old.pinned.filter((t) => t !== tag) : [...old.pinned, tag] })),
    [setView],
  );
  const onExpand = useCallback((tag: string | null) => setView({ expanded: tag }), [setView]);
  const sectionProps = {
    colorOf,
    smoothing,
    x: view.x,
    logY: view.logY,
    ignoreOutliers: view.ignoreOutliers,
    theme,
    grouping,
    cards: view.cards,
    pinned: pinnedSet,
    expanded: view.expanded,
    onCard,
    onPin,
    onExpand,
  };
  const [cardLimit, setCardLimit] = useState(CARD_BATCH);
  const limited = useMemo(() => limitGroups(groups, cardLimit), [groups, cardLimit]);

  let content;
  if (tags.isPending) {
    content = <EmptyState title="Loading tags…" />;
  } else if (tags.isError) {
    content = <EmptyState title="Could not load the scalar tags">{(tags.error as Error).message}</EmptyState>;
  } else if (runs.length === 0) {
    content = (
      <EmptyState title="No runs selected">
        <p>Tick runs in the list on the left, or clear its filter.</p>
      </EmptyState>
    );
  } else if (totalTags === 0) {
    content = (
      <EmptyState title="No scalars in the selected runs">
        <p>Log a value per step and it appears here as it is written:</p>
        <CodeSample code={'writer.add_scalar("loss/train", loss.item(), step)'} />
      </EmptyState>
    );
  } else if (shownTags === 0) {
    content = (
      <EmptyState title="No tag matches the filter">
        <p>
          Nothing matches “{view.tagFilter}”.{" "}
          <button type="button" className={cls("link")} onClick={() => setView({ tagFilter: "" })}>
            Clear the filter
          </button>
        </p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        {limited.groups.map((group) => (
          <TagGroupSection key={group.name} group={group} {...sectionProps} />
        ))}
        {limited.hidden > 0 ? (
          <RevealMore shown={cardLimit} hidden={limited.hidden} onReveal={() => setCardLimit((n) => n + CARD_BATCH)} />
        ) : null}
      </>
    );
  }
  if (pinned.tags.length > 0 && totalTags > 0 && runs.length > 0) {
    content = (
      <>
        <TagGroupSection key="\u0000pinned" group={pinned} label="Pinned" remember={false} wide className="group-pinned" {...sectionProps} />
        {content}
      </>
    );
  }

  return (
    <div className={cls("scalars")}>
      <ScalarsToolbar
        view={view}
        setView={setView}
        smoothing={smoothing}
        tagFilter={tagFilter}
        shownTags={shownTags}
        totalTags={totalTags}
        hparamNames={hparamNames}
      />
      <div className={cls("groups")}>{content}</div>
    </div>
  );
}
