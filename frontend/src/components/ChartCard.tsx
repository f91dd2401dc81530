import type { CSSProperties, ReactNode, RefObject } from "react";

import { cls } from "../lib/names";
import "./ChartCard.css";

/** What a dashboard hands each card of TagDashboard: one run, one tag, the run's colour. */
export interface RunTagCardProps {
  run: string;
  tag: string;
  color: string;
}

/** The part of a TanStack query result the card reads. */
export interface ChartCardQuery<T> {
  data: T | undefined;
  isError: boolean;
  error: Error | null;
}

export interface ChartCardProps<T> extends RunTagCardProps {
  /** The card's element, for `useInView`, so the plugin only fetches once the card is near the screen. */
  cardRef: RefObject<HTMLElement>;
  query: ChartCardQuery<T>;
  /** When it says so, `emptyText` stands in for the chart; left out, every answer is drawn. */
  isEmpty?: (data: T) => boolean;
  /** Shown when the run has the tag but nothing in it yet. */
  emptyText?: string;
  /** The dashboard's own class for the card (its CSS sizes it: `img-card`, `audio-card`, ...). */
  kind?: string;
  style?: CSSProperties;
  /** More in the header, after the run's name (what the step holds, how much is shown). */
  head?: ReactNode;
  /** The chart, drawn once there is data. */
  children: (data: T) => ReactNode;
}

/**
 * One run's chart of one tag, with its colour and name on top: a placeholder of the chart's
 * size until the data comes, the server's message if it fails, then the chart.
 */
export function ChartCard<T>({ cardRef, run, tag, color, query, isEmpty, emptyText, kind, style, head, children }: ChartCardProps<T>) {
  return (
    <article ref={cardRef} className={cls("chart-card", kind)} aria-label={`${tag} · ${run}`} style={style}>
      <header className={cls("chart-card-head")}>
        <span className={cls("swatch")} style={{ background: color }} />
        <span className={cls("chart-card-run")}>{run}</span>
        {head}
      </header>
      {query.isError ? (
        <p className={cls("error")}>{query.error?.message}</p>
      ) : query.data !== undefined ? (
        isEmpty?.(query.data) ? (
          <p className={cls("muted")}>{emptyText}</p>
        ) : (
          children(query.data)
        )
      ) : (
        <div className={cls("chart-placeholder")} />
      )}
    </article>
  );
}
