import type { ReactNode, RefObject } from "react";

import { cls } from "../lib/names";
import "./ChartCard.css";

/** The part of a TanStack query result the card reads. */
export interface ChartCardQuery<T> {
  data: T | undefined;
  isError: boolean;
  error: Error | null;
}

export interface ChartCardProps<T> {
  /** The card's element, for `useInView`, so the plugin only fetches once the card is near the screen. */
  cardRef: RefObject<HTMLElement>;
  run: string;
  tag: string;
  color: string;
  query: ChartCardQuery<T>;
  isEmpty: (data: T) => boolean;
  /** Shown when the run has the tag but nothing in it yet. */
  emptyText: string;
  /** The chart, drawn once there is data. */
  children: (data: T) => ReactNode;
}

/**
 * One run's chart of one tag, with its colour and name on top: a placeholder of the chart's
 * size until the data comes, the server's message if it fails, then the chart.
 */
export function ChartCard<T>({ cardRef, run, tag, color, query, isEmpty, emptyText, children }: ChartCardProps<T>) {
  return (
    <article ref={cardRef} className={cls("chart-card")} aria-label={`${tag} · ${run}`}>
      <header className={cls("chart-card-head")}>
        <span className={cls("swatch")} style={{ background: color }} />
        {run}
      </header>
      {query.isError ? (
        <p className={cls("error")}>{query.error?.message}</p>
      ) : query.data !== undefined ? (
        isEmpty(query.data) ? (
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
