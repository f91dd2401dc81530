import { useRef } from "react";

import { ChartCard } from "../../components/ChartCard";
import { useInView } from "../../hooks/useInView";
import { RidgePlot, type HistogramMode } from "./RidgePlot";
import { useHistograms } from "./calls/histograms";

export interface HistogramCardProps {
  run: string;
  tag: string;
  color: string;
  mode: Exclude<HistogramMode, "runs">;
}

/** One run's histograms of one tag; fetched only once the card is near the screen. */
export function HistogramCard({ run, tag, color, mode }: HistogramCardProps) {
  const ref = useRef<HTMLElement>(null);
  const query = useHistograms(run, tag, useInView(ref));
  return (
    <ChartCard
      cardRef={ref}
      run={run}
      tag={tag}
      color={color}
      query={query}
      isEmpty={(data) => data.histograms.length === 0}
      emptyText="No histograms logged yet."
    >
      {(data) => <RidgePlot data={data} mode={mode} color={color} />}
    </ChartCard>
  );
}
