import { useRef } from "react";

import { ChartCard, type RunTagCardProps } from "../../components/ChartCard";
import { useInView } from "../../hooks/useInView";
import type { XAxis } from "../../lib/urlState";
import { BandChart } from "./BandChart";
import { useDistributions } from "./calls/distributions";

export interface DistributionCardProps extends RunTagCardProps {
  x: XAxis;
}

/** One run's percentile bands for one tag; fetched only once the card is near the screen. */
export function DistributionCard({ x, ...card }: DistributionCardProps) {
  const { run, tag, color } = card;
  const ref = useRef<HTMLElement>(null);
  const query = useDistributions(run, tag, useInView(ref));
  return (
    <ChartCard
      {...card}
      cardRef={ref}
      query={query}
      isEmpty={(data) => data.step.length === 0}
      emptyText="No histograms logged yet."
    >
      {(data) => <BandChart data={data} color={color} x={x} />}
    </ChartCard>
  );
}
