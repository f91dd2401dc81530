import { useRef } from "react";

import { ChartCard, type RunTagCardProps } from "../../components/ChartCard";
import { useInView } from "../../hooks/useInView";
import { RidgePlot, type HistogramMode } from "./RidgePlot";
import { useHistograms } from "./calls/histograms";

export interface HistogramCardProps extends RunTagCardProps {
  mode: Exclude<HistogramMode, "runs">;
}

/** One run's histograms of one tag; fetched only once the card is near the screen. */
export function HistogramCard({ mode, ...card }: HistogramCardProps) {
  const { run, tag, color } = card;
  const ref = useRef<HTMLElement>(null);
  const query = useHistograms(run, tag, useInView(ref));
  return (
    <ChartCard
      {...card}
      cardRef={ref}
      query={query}
      isEmpty={(data) => data.histograms.length === 0}
      emptyText="No histograms logged yet."
    >
      {(data) => <RidgePlot data={data} mode={mode} color={color} />}
    </ChartCard>
  );
}
