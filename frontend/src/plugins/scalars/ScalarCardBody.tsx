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
import { cls } from "../../lib/names";
import { seriesId, useSeries } from "../../lib/calls/series";
import type { Exportable } from "./CardDownloads";
import type { ScalarCardProps, ScalarCardView } from "./cardProps";
import { useCardLines } from "./useCardLines";
import { CardFooter } from "./CardFooter";
import { buildChartData, buildSeries } from "./chartData";
import { DETAIL_MAX_RUNS, pointsFor } from "./points";

/** Slider drags refetch once the slider rests this long; the line follows locally meanwhile. */
const SMOOTHING_DEBOUNCE_MS = 250;

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

  const { groups, lines, colorOf, members } = useCardLines(runs, grouping, props.colorOf);
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
      <CardFooter
        chart={chart}
        grouped={groups !== null}
        runCount={runs.length}
        grouping={grouping}
        zoomed={zoom !== null}
        fixedY={[card?.yMin, card?.yMax].some((v) => v !== undefined && (!logY || v > 0))}
        updating={loading && !firstLoad}
      />
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
