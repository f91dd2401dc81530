/**
 * One tag's card. The frame (title, buttons, a fixed-height body) is cheap, so hundreds can mount at
 * once; the chart and its queries mount when the card first nears the screen and fetch only while it
 * is there. Pinning, the expanded card, the zoom window, the data table and the card's own axis
 * settings live in the URL (lib/cardView.ts), so a reload or a shared link shows the same card.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";

import { ErrorBoundary } from "../../components/ErrorBoundary";
import { CollapseIcon, ExpandIcon, PinIcon, ResetZoomIcon, TableIcon } from "../../components/icons";
import { useInView } from "../../hooks/useInView";
import { resolveCard, type CardView } from "../../lib/cardView";
import { cls } from "../../lib/names";
import { CardDownloads, type Exportable } from "./CardDownloads";
import { CARD_HEIGHT, type ScalarCardProps } from "./cardProps";
import { CardSettings } from "./CardSettings";
import { ScalarCardBody } from "./ScalarCardBody";

/** Zoom bounds kept in the URL: 10 significant digits hold a wall time to the second. */
const roundBound = (v: number) => Number(v.toPrecision(10));

export const ScalarCard = memo(function ScalarCard(props: ScalarCardProps) {
  const { tag, description, runs, colorOf, card, pinned, expanded, onCard, onPin, onExpand } = props;
  const cardRef = useRef<HTMLElement>(null);
  const inView = useInView(cardRef);
  const [seen, setSeen] = useState(false);
  const [exportable, setExportable] = useState<Exportable | null>(null);
  const defaults = useMemo(() => ({ x: props.x, logY: props.logY, ignoreOutliers: props.ignoreOutliers }), [props.x, props.logY, props.ignoreOutliers]);
  const view = useMemo(() => resolveCard(card, defaults), [card, defaults]);

  useEffect(() => {
    if (inView) setSeen(true);
  }, [inView]);

  const patch = useCallback((p: Partial<CardView>) => onCard(tag, p), [onCard, tag]);
  const onZoom = useCallback(
    (range: [number, number] | null) => patch({ zoom: range ? { x: view.x, lo: roundBound(range[0]), hi: roundBound(range[1]) } : undefined }),
    [patch, view.x],
  );

  const height = expanded ? CARD_HEIGHT.expanded : CARD_HEIGHT.normal;
  const table = Boolean(card?.table);
  return (
    <article
      ref={cardRef}
      className={cls("card", expanded && "card-expanded")}
      data-tag={tag}
      data-pinned={pinned || undefined}
      aria-label={`Chart of ${tag}`}
    >
      <header className={cls("card-head")}>
        <h3 className={cls("card-title")} title={description || tag}>
          {tag}
        </h3>
        {view.zoom ? (
          <button type="button" className={cls("icon-button")} aria-label="Reset zoom" title="Reset zoom (or double-click the chart)" onClick={() => onZoom(null)}>
            <ResetZoomIcon />
          </button>
        ) : null}
        <button
          type="button"
          className={cls("icon-button")}
          aria-label={pinned ? "Unpin card" : "Pin card"}
          title={pinned ? "Unpin" : "Pin above the groups"}
          aria-pressed={pinned}
          onClick={() => onPin(tag)}
        >
          <PinIcon filled={pinned} />
        </button>
        <button
          type="button"
          className={cls("icon-button")}
          aria-label={table ? "Hide data table" : "Show data table"}
          title={table ? "Hide the data table" : "Show each run's values in a table under the chart"}
          aria-pressed={table}
          onClick={() => patch({ table: table ? undefined : true })}
        >
          <TableIcon />
        </button>
        <CardSettings card={card} onChange={patch} defaults={defaults} />
        <CardDownloads tag={tag} runs={runs} colorOf={colorOf} exportable={exportable} />
        <button
          type="button"
          className={cls("icon-button")}
          aria-label={expanded ? "Shrink card" : "Expand card"}
          title={expanded ? "Shrink" : "Expand to full width"}
          aria-pressed={expanded}
          onClick={() => onExpand(expanded ? null : tag)}
        >
          {expanded ? <CollapseIcon /> : <ExpandIcon />}
        </button>
      </header>
      <ErrorBoundary what={`The chart for ${tag}`}>
        {seen ? (
          <ScalarCardBody
            {...props}
            view={view}
            card={card}
            table={table}
            active={inView}
            height={height}
            onZoom={onZoom}
            cardRef={cardRef}
            onExportable={setExportable}
          />
        ) : (
          <>
            <div className={cls("card-body")} style={{ height }}>
              <div className={cls("card-overlay")}>Loading…</div>
            </div>
            <footer className={cls("card-foot")} />
          </>
        )}
      </ErrorBoundary>
    </article>
  );
});
