import { useRef } from "react";

import { useInView } from "../../hooks/useInView";
import { cls } from "../../lib/names";
import { RidgePlot, type HistogramMode } from "./RidgePlot";
import { useHistograms } from "./useHistograms";

export interface HistogramCardProps {
  run: string;
  tag: string;
  color: string;
  mode: HistogramMode;
}

/** One run's histograms of one tag; fetched only once the card is near the screen. */
export function HistogramCard({ run, tag, color, mode }: HistogramCardProps) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const query = useHistograms(run, tag, inView);
  return (
    <article ref={ref} className={cls("hist-card")} aria-label={`${tag} · ${run}`}>
      <header className={cls("hist-card-head")}>
        <span className={cls("hist-run")} style={{ borderColor: color }}>
          <span className={cls("swatch")} style={{ background: color }} />
          {run}
        </span>
      </header>
      {query.isError ? (
        <p className={cls("error")}>{query.error.message}</p>
      ) : query.data ? (
        query.data.histograms.length ? (
          <RidgePlot data={query.data} mode={mode} color={color} />
        ) : (
          <p className={cls("muted")}>No histograms logged yet.</p>
        )
      ) : (
        <div className={cls("hist-placeholder")} />
      )}
    </article>
  );
}
