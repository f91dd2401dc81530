import { useRef } from "react";

import { ChartCard } from "../../components/ChartCard";
import { useInView } from "../../hooks/useInView";
import type { XAxis } from "../../lib/urlState";
import { BandChart } from "./BandChart";
import { useDistributions } from "./calls/distributions";

export interface DistributionCardProps {
  run: string;
  tag: string;
  color: string;
  x: XAxis;
}

/** One run's percentile bands for one tag; fetched only once the card is near the screen. */
export function DistributionCard({ run, tag, color, x }: DistributionCardProps) {
  const ref = useRef<HTMLElement>(null);
  const query = useDistributions(run, tag, useInView(ref));
  return (
    <ChartCard
      cardRef={ref}
      run={run}
      tag={tag}
      color={color}
      query={query}
      isEmpty={(data) => data.step.length === 0}
      emptyText="No histograms logged yet."
    >
      {(data) => <BandChart data={data} color={color} x={x} />}
    </ChartCard>
  );
}
