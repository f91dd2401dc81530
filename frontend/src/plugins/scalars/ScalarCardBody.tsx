/** A card's chart, footer and data table: fetches every run's series in one request while active and feeds uPlot. */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from "react";

import { LineChart } from "../../charts/LineChart";
import { yRange } from "../../charts/scales";
import { createCursorStore } from "../../charts/cursorPlugin";
import { useTimeSeriesChart } from "../../charts/useTimeSeriesChart";
import { ChartDataTable } from "../../components/ChartDataTable";
import { useDebounced } from "../../hooks/useDebounced";
import { useElementWidth } from "../../hooks/useElementWidth";
import { fixedY, type CardView } from "../../lib/cardView";
import { formatStep } from "../../lib/format";
import { cls } from "../../lib/names";
import { assignColors } from "../../lib/colors";
import { groupRuns } from "../../lib/groups";
import { seriesId, useSeries } from "../../lib/calls/series";
import type { Exportable } from "./CardDownloads";
import type { ScalarCardProps, ScalarCardView } from "./cardProps";
import { buildChartData, buildSeries } from "./chartData";

/**
 * Buckets requested per pixel of width. Each bucket returns up to 4 points (first, min, max, last) and
 * one band row, so half a bucket per pixel still draws every spike, at half the transfer and drawing.
 */
const BUCKETS_PER_PX = 0.5;
const MIN_POINTS = 200;
const MAX_POINTS = 2000;
/**
 * Buckets one card asks for across all its runs. A sweep of 1,000 runs in a 500 px chart cannot show
 * 1,000 points of each; 64 buckets (up to 256 points) per run keep every run's shape and spikes while
 * the answer stays a few megabytes (benchmarks/sweep.py).
 */
const CARD_BUCKETS = 64_000;
const MIN_SWEEP_POINTS = 32;
/**
 * Above this many runs, per-run min/max bands and faint raw lines would pile into one grey block: each
 * run is drawn as its smoothed line only, which also halves the columns uPlot walks.
 */
export const DETAIL_MAX_RUNS = 20;
/** Slider drags refetch once the slider rests this long; the line follows locally meanwhile. */
const SMOOTHING_DEBOUNCE_MS = 250;

/** Buckets per run for a card `width` px wide drawing `runs` runs. */
export function pointsFor(width: number, runs: number): number {
  const byWidth = Math.min(Math.max(Math.round(width * BUCKETS_PER_PX), MIN_POINTS), MAX_POINTS);
  return Math.max(MIN_SWEEP_POINTS, Math.min(byWidth, Math.floor(CARD_BUCKETS / Math.max(1, runs))));
}

export interface ScalarCardBodyProps extends ScalarCardProps {
  /** The card's resolved axes and zoom. */
  view: ScalarCardView;
  card: CardView | undefined;
  /** The data table is open. */
  table: boolean;
  /** On screen: fetch (and refetch on live changes). Off screen the last data stays drawn. */
  active: boolean;
  height: number;
  onZoom: (range: [number, number] | null) => void;
  cardRef: RefObject<HTMLElement>;
  onExportable: (exportable: Exportable | null) => void;
}

export function ScalarCardBody(props: ScalarCardBodyProps) {
  const { tag, runs, smoothing, theme, active, height, grouping, view, card, table, onZoom, cardRef, onExportable } = props;
  const { x, logY, ignoreOutliers, zoom } = view;
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(bodyRef, 100);
  const settledSmoothing = useDebounced(smoothing, SMOOTHING_DEBOUNCE_MS);
  const [cursor] = useState(createCursorStore);
  const [range, setRange] = useState<[number, number] | null>(null);

  // Grouped, each group is one line (its name in place of a run's) with the group's band.
  const groups = useMemo(() => (grouping ? groupRuns(runs, grouping.by, grouping.hparamsOf) : null), [grouping, runs]);
  const lines = useMemo(() => (groups ? groups.map((g) => g.name) : runs), [groups, runs]);
  const colorOf = useMemo(() => {
    if (!groups) return props.colorOf;
    const colors = assignColors(lines);
    return (name: string) => colors.get(name) ?? "#888";
  }, [groups, lines, props.colorOf]);
  const points = pointsFor(width, lines.length);
  const detail = lines.length <= DETAIL_MAX_RUNS;
  const tags = useMemo(() => [tag], [tag]);
  const params = {
    points,
    smoothing: settledSmoothing,
    x,
    range: zoom,
    band: detail,
    groups,
    stat: grouping?.stat,
    groupBand: grouping?.band,
  };
  const query = useSeries(runs, tags, params, active && width > 0);
  const answer = query.data;
  const members = useMemo(() => new Map(groups?.map((g) => [g.name, g.runs])), [groups]);
  const chart = useMemo(
    () =>
      buildChartData(
        lines.map((run) => ({ run, color: colorOf(run), series: answer?.get(seriesId(run, tag)), members: members.get(run) })),
        smoothing,
        logY,
        detail,
      ),
    [answer, lines, tag, colorOf, smoothing, logY, detail, members],
  );
  const autoY = useMemo(() => yRange(chart.yValues, ignoreOutliers, logY), [chart.yValues, ignoreOutliers, logY]);
  const y = useMemo(() => fixedY(autoY, card, logY), [autoY, card, logY]);

  useEffect(() => {
    if (cardRef.current) cardRef.current.dataset.series = String(chart.drawnRuns);
  }, [cardRef, chart.drawnRuns]);

  // A range is in the units of x; on another axis it means nothing.
  useEffect(() => setRange(null), [x]);
  // On the step axis a range holds whole steps, as its label says.
  const onRange = useCallback(
    (r: [number, number] | null) => setRange(r && x === "step" ? [Math.ceil(r[0]), Math.floor(r[1])] : r),
    [x],
  );
  // A mouse move reaches only the table (through the store), not this component.
  const onCursor = cursor.set;

  const runColors = lines.map((run) => [run, colorOf(run)] as const);
  const showRaw = smoothing > 0;
  const { downsampledRuns } = chart;
  const { options, optionsKey, chartRef, onChart } = useTimeSeriesChart({
    cardRef,
    data: chart.data,
    state: { zoom, y, bands: chart.bands, tooltip: chart.tooltip, range, downsampled: downsampledRuns },
    optionsKey: JSON.stringify([x, logY, showRaw, detail, theme, runColors]),
    // Which runs are downsampled changes with the data, so it is read at draw time.
    series: (state) => buildSeries(runColors.map(([run, color]) => ({ run, color })), showRaw, (run) => state().downsampled.has(run), detail),
    x,
    logY,
    theme,
    onZoom,
    onRange,
    onCursor,
  });

  useEffect(() => {
    onExportable(
      chart.drawnRuns > 0 ? { chart: () => chartRef.current, bands: chart.bands, legend: lines.map((name) => ({ name, color: colorOf(name) })) } : null,
    );
  }, [onExportable, chart, chartRef, lines, colorOf]);

  const error = query.error;
  const loading = query.isFetching;
  // A query that has not started yet (the card just scrolled in, or its width is being measured) has
  // no data either: that is still loading, not "no points".
  const waiting = query.isPending && !query.error;
  const firstLoad = chart.drawnRuns === 0 && (loading || waiting || !active);

  return (
    <>
      <div ref={bodyRef} className={cls("card-body")} style={{ height }}>
        {chart.drawnRuns > 0 ? <LineChart options={options} optionsKey={optionsKey} data={chart.data} height={height} onChart={onChart} /> : null}
        {firstLoad ? <div className={cls("card-overlay")}>Loading…</div> : null}
        {error ? <div className={cls("card-overlay", "card-error")}>{(error as Error).message}</div> : null}
        {!firstLoad && !error && chart.drawnRuns === 0 ? <div className={cls("card-overlay")}>No points in this range.</div> : null}
      </div>
      <footer className={cls("card-foot")}>
        <span>
          {groups ? `${chart.drawnRuns} ${chart.drawnRuns === 1 ? "group" : "groups"} of ${runs.length} runs` : `${chart.drawnRuns} ${chart.drawnRuns === 1 ? "run" : "runs"}`} ·{" "}
          {zoom ? `${formatStep(chart.inRange)} of ${formatStep(chart.total)} points in view` : `${formatStep(chart.total)} points`}
        </span>
        {groups && chart.bands.length > 0 ? (
          <span title={`The line is the group's ${grouping?.stat ?? "mean"} at each step; the band spans its members.`}>
            · {grouping?.stat}, band = {grouping?.band === "minmax" ? "min–max" : grouping?.band === "sem" ? "± std. error" : "± std. dev."}
          </span>
        ) : chart.downsampled && chart.bands.length > 0 ? (
          <span title="Each bucket keeps its first, min, max and last points; the band shows the min/max envelope. Zoom in for full detail.">
            · downsampled, band = min/max
          </span>
        ) : chart.downsampled ? (
          <span title="Each run keeps the first, min, max and last point of each bucket. Zoom in for full detail.">· downsampled</span>
        ) : null}
        {[card?.yMin, card?.yMax].some((v) => v !== undefined && (!logY || v > 0)) ? (
          <span title="This card's y range is fixed in its settings">· fixed y</span>
        ) : null}
        {loading && !firstLoad ? <span className={cls("card-spinner")} aria-label="Updating" /> : null}
      </footer>
      {table && chart.drawnRuns > 0 ? (
        <ChartDataTable
          series={chart.tooltip}
          cursor={cursor}
          range={range}
          x={x}
          approximate={downsampledRuns}
          onClearRange={() => setRange(null)}
        />
      ) : null}
    </>
  );
}
