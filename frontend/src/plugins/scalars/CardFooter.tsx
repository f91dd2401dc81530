/** A scalar card's footer: what it draws (runs or groups, points), how (downsampled, a group's band), and whether it is updating. */
import { formatStep } from "../../lib/format";
import type { Grouping } from "../../lib/groups";
import { cls } from "../../lib/names";
import type { ChartData } from "./chartData";

/** "3 runs", or "2 groups of 6 runs" when the runs are grouped. */
export function linesSummary(drawn: number, grouped: boolean, runCount: number): string {
  return grouped ? `${drawn} ${drawn === 1 ? "group" : "groups"} of ${runCount} runs` : `${drawn} ${drawn === 1 ? "run" : "runs"}`;
}

/** "1,200 points", or "300 of 1,200 points in view" while zoomed. */
export function pointsSummary(zoomed: boolean, inRange: number, total: number): string {
  return zoomed ? `${formatStep(inRange)} of ${formatStep(total)} points in view` : `${formatStep(total)} points`;
}

/** What a group's band spans, as the footer says it. */
export function bandLabel(band: Grouping["band"] | undefined): string {
  return band === "minmax" ? "min–max" : band === "sem" ? "± std. error" : "± std. dev.";
}

export interface CardFooterProps {
  chart: Pick<ChartData, "drawnRuns" | "inRange" | "total" | "bands" | "downsampled">;
  grouped: boolean;
  runCount: number;
  grouping: Grouping | null;
  zoomed: boolean;
  /** The card's settings fix its y range. */
  fixedY: boolean;
  /** A refetch is under way (the chart shows the last answer meanwhile). */
  updating: boolean;
}

export function CardFooter({ chart, grouped, runCount, grouping, zoomed, fixedY, updating }: CardFooterProps) {
  return (
    <footer className={cls("card-foot")}>
      <span>
        {linesSummary(chart.drawnRuns, grouped, runCount)} · {pointsSummary(zoomed, chart.inRange, chart.total)}
      </span>
      {grouped && chart.bands.length > 0 ? (
        <span title={`The line is the group's ${grouping?.stat ?? "mean"} at each step; the band spans its members.`}>
          · {grouping?.stat}, band = {bandLabel(grouping?.band)}
        </span>
      ) : chart.downsampled && chart.bands.length > 0 ? (
        <span title="Each bucket keeps its first, min, max and last points; the band shows the min/max envelope. Zoom in for full detail.">
          · downsampled, band = min/max
        </span>
      ) : chart.downsampled ? (
        <span title="Each run keeps the first, min, max and last point of each bucket. Zoom in for full detail.">· downsampled</span>
      ) : null}
      {fixedY ? <span title="This card's y range is fixed in its settings">· fixed y</span> : null}
      {updating ? <span className={cls("card-spinner")} aria-label="Updating" /> : null}
    </footer>
  );
}
