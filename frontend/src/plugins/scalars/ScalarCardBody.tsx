/** A card's chart and footer: fetches every run's series while active and feeds uPlot. */
import { useCallback, useEffect, useMemo, useRef, type MutableRefObject, type RefObject } from "react";
import type uPlot from "uplot";

import { LineChart } from "../../charts/LineChart";
import { yRange } from "../../charts/scales";
import { useDebounced } from "../../hooks/useDebounced";
import { useElementWidth } from "../../hooks/useElementWidth";
import { useThrottled } from "../../hooks/useThrottled";
import { formatStep } from "../../lib/format";
import { cls } from "../../lib/names";
import { useScalarSeries } from "../../lib/scalarsApi";
import { buildChartData } from "./chartData";
import { buildChartOptions, type ChartRefs } from "./chartOptions";
import type { ScalarCardProps } from "./ScalarCard";

export const CARD_HEIGHT = { normal: 220, expanded: 420 } as const;

/**
 * Buckets requested per pixel of width. Each bucket returns up to 4 points (first, min, max, last) and
 * one band row, so half a bucket per pixel still draws every spike, at half the transfer and drawing.
 */
const BUCKETS_PER_PX = 0.5;
const MIN_POINTS = 200;
const MAX_POINTS = 2000;
/** Slider drags refetch once the slider rests this long; the line follows locally meanwhile. */
const SMOOTHING_DEBOUNCE_MS = 250;
/** Twenty runs answer one by one; the chart is rebuilt at most this often, not twenty times. */
const REBUILD_MS = 120;

export interface ScalarCardBodyProps extends ScalarCardProps {
  /** On screen: fetch (and refetch on live changes). Off screen the last data stays drawn. */
  active: boolean;
  height: number;
  zoom: [number, number] | null;
  onZoom: (range: [number, number] | null) => void;
  cardRef: RefObject<HTMLElement>;
  chartRef: MutableRefObject<uPlot | null>;
  refs: MutableRefObject<ChartRefs>;
}

export function ScalarCardBody(props: ScalarCardBodyProps) {
  const { tag, runs, colorOf, smoothing, x, logY, ignoreOutliers, theme, active, height, zoom, onZoom } = props;
  const { cardRef, chartRef, refs } = props;
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(bodyRef, 100);
  const settledSmoothing = useDebounced(smoothing, SMOOTHING_DEBOUNCE_MS);

  const points = Math.min(Math.max(Math.round(width * BUCKETS_PER_PX), MIN_POINTS), MAX_POINTS);
  const queries = useScalarSeries(runs, { tag, points, smoothing: settledSmoothing, x, range: zoom }, active && width > 0);
  const stamp = useThrottled(queries.map((q) => `${q.dataUpdatedAt}${q.isPlaceholderData ? "p" : ""}`).join(","), REBUILD_MS);
  const chart = useMemo(
    () => buildChartData(runs.map((run, i) => ({ run, color: colorOf(run), series: queries[i]?.data })), smoothing, logY),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- stamp stands for the query results
    [stamp, runs, colorOf, smoothing, logY],
  );

  refs.current.zoom = zoom;
  refs.current.y = useMemo(() => yRange(chart.yValues, ignoreOutliers, logY), [chart.yValues, ignoreOutliers, logY]);
  refs.current.bands = chart.bands;
  refs.current.downsampledRuns = chart.downsampledRuns;
  refs.current.tooltip = chart.tooltip;

  const onDraw = useCallback(
    (u: uPlot) => {
      const el = cardRef.current;
      // Tests and benchmarks/ui.py wait on this: the canvas holds data, not just axes.
      if (el && u.data[0].length > 0) el.dataset.painted = "true";
    },
    [cardRef],
  );

  useEffect(() => {
    if (cardRef.current) cardRef.current.dataset.series = String(chart.drawnRuns);
  }, [cardRef, chart.drawnRuns]);

  const runColors = runs.map((run) => [run, colorOf(run)] as const);
  const showRaw = smoothing > 0;
  const optionsKey = JSON.stringify([x, logY, ignoreOutliers, showRaw, theme, runColors]);
  const options = useMemo(
    () =>
      buildChartOptions({
        runs: runColors.map(([run, color]) => ({ run, color })),
        x,
        logY,
        showRaw,
        theme,
        refs,
        onZoom,
        onDraw,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionsKey covers every input
    [optionsKey, onDraw, onZoom],
  );

  // A new window re-ranges the axes at once, before its detail arrives.
  useEffect(() => {
    const u = chartRef.current;
    if (u) u.setData(u.data);
  }, [zoom, chartRef]);

  const error = queries.find((q) => q.error)?.error;
  const loading = queries.some((q) => q.isFetching);
  // A query that has not started yet (the card just scrolled in, or its width is being measured) has
  // no data either: that is still loading, not "no points".
  const waiting = queries.some((q) => q.isPending && !q.error);
  const firstLoad = chart.drawnRuns === 0 && (loading || waiting || !active);

  return (
    <>
      <div ref={bodyRef} className={cls("card-body")} style={{ height }}>
        {chart.drawnRuns > 0 ? (
          <LineChart
            options={options}
            optionsKey={optionsKey}
            data={chart.data}
            height={height}
            onChart={(u) => (chartRef.current = u)}
          />
        ) : null}
        {firstLoad ? <div className={cls("card-overlay")}>Loading…</div> : null}
        {error ? <div className={cls("card-overlay", "card-error")}>{(error as Error).message}</div> : null}
        {!firstLoad && !error && chart.drawnRuns === 0 ? <div className={cls("card-overlay")}>No points in this range.</div> : null}
      </div>
      <footer className={cls("card-foot")}>
        <span>
          {chart.drawnRuns} {chart.drawnRuns === 1 ? "run" : "runs"} ·{" "}
          {zoom ? `${formatStep(chart.inRange)} of ${formatStep(chart.total)} points in view` : `${formatStep(chart.total)} points`}
        </span>
        {chart.downsampled ? (
          <span title="Each bucket keeps its first, min, max and last points; the band shows the min/max envelope. Zoom in for full detail.">
            · downsampled, band = min/max
          </span>
        ) : null}
        {loading && !firstLoad ? <span className={cls("card-spinner")} aria-label="Updating" /> : null}
      </footer>
    </>
  );
}
