/**
 * One tag's chart in the report, drawn by the dashboard's own chart code (LineChart, buildChartData,
 * buildChartOptions): the same colours, smoothing, bands, tooltip and drag-to-zoom. Zooming picks the
 * embedded level with enough buckets in the window instead of asking a server.
 */
import { useCallback, useMemo, useRef, useState } from "react";

import { LineChart } from "../charts/LineChart";
import { yRange } from "../charts/scales";
import { useTimeSeriesChart } from "../charts/useTimeSeriesChart";
import { useElementWidth } from "../hooks/useElementWidth";
import { useInView } from "../hooks/useInView";
import { formatStep } from "../lib/format";
import { cls } from "../lib/names";
import { buildChartData, buildSeries } from "../plugins/scalars/chartData";
import { CARD_HEIGHT } from "../plugins/scalars/cardProps";
import { DETAIL_MAX_RUNS, pointsFor } from "../plugins/scalars/points";
import type { Decoded } from "./data";
import { chartSeries } from "./series";

export interface ReportCardProps {
  tag: string;
  /** The visible runs that logged this tag. */
  runs: readonly string[];
  series: ReadonlyMap<string, ReadonlyMap<string, Decoded>>;
  colorOf: (run: string) => string;
  smoothing: number;
  theme: "light" | "dark";
}

export function ReportCard({ tag, runs, series, colorOf, smoothing, theme }: ReportCardProps) {
  const cardRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const inView = useInView(cardRef);
  const width = useElementWidth(bodyRef, 50);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const detail = runs.length <= DETAIL_MAX_RUNS;
  const target = pointsFor(width || 400, runs.length);

  const answer = useMemo(() => {
    if (!inView) return null;
    // Past DETAIL_MAX_RUNS the bands of every run would pile into one block, as on the dashboard.
    return runs.map((run) => chartSeries(run, tag, series.get(run)!.get(tag)!, zoom, target, smoothing, detail));
  }, [inView, runs, tag, series, zoom, target, smoothing, detail]);
  const chart = useMemo(
    () =>
      buildChartData(
        runs.map((run, i) => ({ run, color: colorOf(run), series: answer?.[i] })),
        smoothing,
        false,
        detail,
      ),
    [answer, runs, colorOf, smoothing, detail],
  );
  const y = useMemo(() => yRange(chart.yValues, false, false), [chart.yValues]);

  const onZoom = useCallback((range: [number, number] | null) => setZoom(range), []);
  const runColors = runs.map((run) => [run, colorOf(run)] as const);
  const showRaw = smoothing > 0;
  const { options, optionsKey, onChart } = useTimeSeriesChart({
    cardRef,
    data: chart.data,
    state: { zoom, y, bands: chart.bands, tooltip: chart.tooltip, range: null, downsampled: chart.downsampledRuns },
    optionsKey: JSON.stringify([showRaw, detail, theme, runColors]),
    series: (state) => buildSeries(runColors.map(([run, color]) => ({ run, color })), showRaw, (run) => state().downsampled.has(run), detail),
    x: "step",
    logY: false,
    theme,
    onZoom,
  });
  const levels = answer?.map((s) => s.level).filter((l): l is number => l !== null) ?? [];
  const finest = levels.length > 0 ? Math.max(...levels) : null;

  return (
    <article
      ref={cardRef}
      className={cls("card")}
      aria-label={`Chart of ${tag}`}
      // Read by tests: the runs drawn, the finest level in view and the top of the y range.
      data-tag={tag}
      data-series={chart.drawnRuns}
      data-level={finest ?? "raw"}
      data-ymax={y?.[1]}
    >
      <header className={cls("card-head")}>
        <h3 className={cls("card-title")} title={tag}>
          {tag}
        </h3>
        {zoom ? (
          <button type="button" className={cls("link", "report-reset")} onClick={() => setZoom(null)}>
            Reset zoom
          </button>
        ) : null}
      </header>
      <div ref={bodyRef} className={cls("card-body")} style={{ height: CARD_HEIGHT.normal }}>
        {chart.drawnRuns > 0 ? (
          <LineChart
            options={options}
            optionsKey={optionsKey}
            data={chart.data}
            height={CARD_HEIGHT.normal}
            onChart={onChart}
          />
        ) : (
          <div className={cls("card-overlay")}>{runs.length === 0 ? "No shown run logged this tag." : inView ? "No points in this range." : ""}</div>
        )}
      </div>
      <footer className={cls("card-foot")}>
        <span>
          {chart.drawnRuns} {chart.drawnRuns === 1 ? "run" : "runs"} ·{" "}
          {zoom ? `${formatStep(chart.inRange)} of ${formatStep(chart.total)} points in view` : `${formatStep(chart.total)} points`}
        </span>
        {finest !== null && chart.bands.length > 0 ? (
          <span title="Each bucket of the embedded envelope keeps its min, max and mean; the band shows min/max. Zoom in for finer levels.">
            · level {finest + 1}, band = min/max
          </span>
        ) : finest !== null ? (
          <span title="The embedded envelope's mean per bucket; show 20 runs or fewer to see each run's min/max band.">· level {finest + 1}</span>
        ) : null}
      </footer>
    </article>
  );
}
