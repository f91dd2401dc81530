/** One tag's chart: every selected run, fetched and drawn only while the card is on screen. */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type uPlot from "uplot";

import { exportPng, exportSvg, fileStem, saveBlob } from "../../charts/exportChart";
import { LineChart } from "../../charts/LineChart";
import { yRange } from "../../charts/scales";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { CollapseIcon, DownloadIcon, ExpandIcon, ResetZoomIcon } from "../../components/icons";
import { Menu } from "../../components/Menu";
import { useDebounced } from "../../hooks/useDebounced";
import { useElementWidth } from "../../hooks/useElementWidth";
import { useInView } from "../../hooks/useInView";
import { formatStep } from "../../lib/format";
import { cls } from "../../lib/names";
import type { XAxis } from "../../lib/urlState";
import { downloadUrl, useScalarSeries } from "./api";
import { buildChartData } from "./chartData";
import { buildChartOptions, type ChartRefs } from "./chartOptions";

export interface ScalarCardProps {
  tag: string;
  description: string;
  runs: string[];
  colorOf: (run: string) => string;
  smoothing: number;
  x: XAxis;
  logY: boolean;
  ignoreOutliers: boolean;
  theme: "light" | "dark";
}

const HEIGHT = { normal: 220, expanded: 420 } as const;
/** Requested points per pixel column bucket; the server returns up to 4 per bucket (first/min/max/last). */
const MIN_POINTS = 200;
const MAX_POINTS = 2000;
/** Slider drags refetch once the slider rests this long; the line follows locally meanwhile. */
const SMOOTHING_DEBOUNCE_MS = 250;

export const ScalarCard = memo(function ScalarCard(props: ScalarCardProps) {
  return (
    <ErrorBoundary what={`The chart for ${props.tag}`}>
      <ScalarCardInner {...props} />
    </ErrorBoundary>
  );
});

function ScalarCardInner({ tag, description, runs, colorOf, smoothing, x, logY, ignoreOutliers, theme }: ScalarCardProps) {
  const cardRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const inView = useInView(cardRef);
  const [expanded, setExpanded] = useState(false);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const width = useElementWidth(bodyRef, 100);
  const settledSmoothing = useDebounced(smoothing, SMOOTHING_DEBOUNCE_MS);

  // A zoom window is in the units of x; it means nothing on another axis.
  useEffect(() => setZoom(null), [x]);

  const points = Math.min(Math.max(width, MIN_POINTS), MAX_POINTS);
  const queries = useScalarSeries(runs, { tag, points, smoothing: settledSmoothing, x, range: zoom }, inView && width > 0);
  const stamp = queries.map((q) => `${q.dataUpdatedAt}${q.isPlaceholderData ? "p" : ""}`).join(",");
  const chart = useMemo(
    () => buildChartData(runs.map((run, i) => ({ run, color: colorOf(run), series: queries[i]?.data })), smoothing, logY),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- stamp stands for the query results
    [stamp, runs, colorOf, smoothing, logY],
  );

  const refs = useRef<ChartRefs>({ zoom: null, y: null, bands: [], downsampledRuns: new Set(), tooltip: [] });
  refs.current.zoom = zoom;
  refs.current.y = useMemo(() => yRange(chart.yValues, ignoreOutliers, logY), [chart.yValues, ignoreOutliers, logY]);
  refs.current.bands = chart.bands;
  refs.current.downsampledRuns = chart.downsampledRuns;
  refs.current.tooltip = chart.tooltip;

  const onDraw = useCallback((u: uPlot) => {
    const el = cardRef.current;
    if (!el || u.data[0].length === 0) return;
    // Tests and benchmarks/ui.py wait on this: the canvas holds data, not just axes.
    el.dataset.painted = "true";
  }, []);

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
        onZoom: setZoom,
        onDraw,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionsKey covers every input
    [optionsKey, onDraw],
  );

  // A new window re-ranges the axes at once, before its detail arrives.
  useEffect(() => {
    const u = chartRef.current;
    if (u) u.setData(u.data);
  }, [zoom]);

  const error = queries.find((q) => q.error)?.error;
  const loading = queries.some((q) => q.isFetching);
  const firstLoad = chart.drawnRuns === 0 && (loading || !inView);

  return (
    <article
      ref={cardRef}
      className={cls("card", expanded && "card-expanded")}
      data-tag={tag}
      data-series={chart.drawnRuns}
      aria-label={`Chart of ${tag}`}
    >
      <header className={cls("card-head")}>
        <h3 className={cls("card-title")} title={description || tag}>
          {tag}
        </h3>
        {zoom ? (
          <button type="button" className={cls("icon-button")} aria-label="Reset zoom" title="Reset zoom (or double-click the chart)" onClick={() => setZoom(null)}>
            <ResetZoomIcon />
          </button>
        ) : null}
        <Menu label="Download" icon={<DownloadIcon />}>
          {(close) => (
            <>
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  close();
                  if (chartRef.current) void exportPng(chartRef.current, tag).then((b) => saveBlob(b, `${fileStem(tag)}.png`));
                }}
              >
                Chart as PNG
              </button>
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  close();
                  if (!chartRef.current) return;
                  const svg = exportSvg(chartRef.current, tag, refs.current.bands);
                  saveBlob(new Blob([svg], { type: "image/svg+xml" }), `${fileStem(tag)}.svg`);
                }}
              >
                Chart as SVG
              </button>
              <p className={cls("menu-note")}>Every point, per run</p>
              {runs.map((run) => (
                <div key={run} className={cls("menu-run")}>
                  <span className={cls("swatch")} style={{ background: colorOf(run) }} />
                  <span className={cls("run-name")} title={run}>
                    {run}
                  </span>
                  <a role="menuitem" href={downloadUrl(run, tag, "csv")} download={`${fileStem(run)}-${fileStem(tag)}.csv`} onClick={close}>
                    CSV
                  </a>
                  <a role="menuitem" href={downloadUrl(run, tag, "json")} download={`${fileStem(run)}-${fileStem(tag)}.json`} onClick={close}>
                    JSON
                  </a>
                </div>
              ))}
            </>
          )}
        </Menu>
        <button
          type="button"
          className={cls("icon-button")}
          aria-label={expanded ? "Shrink card" : "Expand card"}
          title={expanded ? "Shrink" : "Expand to full width"}
          aria-pressed={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? <CollapseIcon /> : <ExpandIcon />}
        </button>
      </header>
      <div ref={bodyRef} className={cls("card-body")} style={{ height: expanded ? HEIGHT.expanded : HEIGHT.normal }}>
        {chart.drawnRuns > 0 ? (
          <LineChart
            options={options}
            optionsKey={optionsKey}
            data={chart.data}
            height={expanded ? HEIGHT.expanded : HEIGHT.normal}
            onChart={(u) => (chartRef.current = u)}
          />
        ) : null}
        {firstLoad ? <div className={cls("card-overlay")}>Loading…</div> : null}
        {error ? <div className={cls("card-overlay", "card-error")}>{(error as Error).message}</div> : null}
        {!firstLoad && !error && chart.drawnRuns === 0 ? <div className={cls("card-overlay")}>No points in this range.</div> : null}
      </div>
      <footer className={cls("card-foot")}>
        <span>
          {chart.drawnRuns} {chart.drawnRuns === 1 ? "run" : "runs"} · {formatStep(chart.total)} points
        </span>
        {chart.downsampled ? (
          <span title="Each pixel column keeps its first, min, max and last points; the band shows the min/max envelope. Zoom in for full detail.">
            · downsampled, band = min/max
          </span>
        ) : null}
        {loading && !firstLoad ? <span className={cls("card-spinner")} aria-label="Updating" /> : null}
      </footer>
    </article>
  );
}
