import { useRef } from "react";

import { useInView } from "../../hooks/useInView";
import { cls } from "../../lib/names";
import type { XAxis } from "../../lib/urlState";
import { BandChart } from "./BandChart";
import { useDistributions } from "./useDistributions";

export interface DistributionCardProps {
  run: string;
  tag: string;
  color: string;
  x: XAxis;
}

/** One run's percentile bands for one tag; fetched only once the card is near the screen. */
export function DistributionCard({ run, tag, color, x }: DistributionCardProps) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const query = useDistributions(run, tag, inView);
  return (
    <article ref={ref} className={cls("dist-card")} aria-label={`${tag} · ${run}`}>
      <header className={cls("dist-card-head")}>
        <span className={cls("swatch")} style={{ background: color }} />
        {run}
      </header>
      {query.isError ? (
        <p className={cls("error")}>{query.error.message}</p>
      ) : query.data ? (
        query.data.step.length ? (
          <BandChart data={query.data} color={color} x={x} />
        ) : (
          <p className={cls("muted")}>No histograms logged yet.</p>
        )
      ) : (
        <div className={cls("dist-placeholder")} />
      )}
    </article>
  );
}
