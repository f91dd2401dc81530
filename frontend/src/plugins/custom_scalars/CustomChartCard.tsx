/** One custom-scalars chart: fetches all its series in one request while on screen and draws them. */
import { useMemo, useRef, useState } from "react";

import { LineChart } from "../../charts/LineChart";
import { yRange } from "../../charts/scales";
import { createCursorStore } from "../../charts/cursorPlugin";
import { useTimeSeriesChart } from "../../charts/useTimeSeriesChart";
import { ChartDataTable } from "../../components/ChartDataTable";
import { TableIcon } from "../../components/icons";
import { useInView } from "../../hooks/useInView";
import { formatStep } from "../../lib/format";
import { cls } from "../../lib/names";
import { seriesId, useSeries } from "../../lib/calls/series";
import type { XAxis } from "../../lib/urlState";
import type { CustomChart } from "./calls/layout";
import { marginModel, multilineModel, lineColor, type ChartModel } from "./chartModel";

const CHART_HEIGHT = 240;
/** Points per series: a card is about 500 px wide, and each bucket keeps its spikes. */
const POINTS = 1000;
const NONE: ReadonlySet<string> = new Set();

export interface CustomChartCardProps {
  chart: CustomChart;
  runs: string[];
  colorOf: (run: string) => string;
  smoothing: number;
  x: XAxis;
  theme: "light" | "dark";
}

interface Request {
  run: string;
  tag: string;
}

/** The (run, tag) series the chart needs, limited to the checked runs. */
function requestsFor(chart: CustomChart, runs: string[]): Request[] {
  const checked = new Set(runs);
  if (chart.kind === "multiline") return chart.matches.filter((m) => checked.has(m.run));
  const out: Request[] = [];
  for (const s of chart.series) {
    for (const run of chart.runs.filter((r) => checked.has(r))) {
      out.push({ run, tag: s.value }, { run, tag: s.lower }, { run, tag: s.upper });
    }
  }
  return out;
}

export function CustomChartCard({ chart, runs, colorOf, smoothing, x, theme }: CustomChartCardProps) {
  const cardRef = useRef<HTMLElement>(null);
  const inView = useInView(cardRef);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  // The data table (as on a Scalars card): values at the cursor, statistics over a shift-dragged range.
  const [table, setTable] = useState(false);
  const [cursor] = useState(createCursorStore);
  const [range, setRange] = useState<[number, number] | null>(null);
  const onCursor = cursor.set;
  const requests = useMemo(() => requestsFor(chart, runs), [chart, runs]);
  // One request for the card: every (run, tag) it draws is in the runs x tags of its requests.
  const { requestRuns, requestTags } = useMemo(
    () => ({ requestRuns: [...new Set(requests.map((r) => r.run))], requestTags: [...new Set(requests.map((r) => r.tag))] }),
    [requests],
  );
  // Margins are drawn raw: smoothing the value but not its bounds would move it out of its band.
  const params = { points: POINTS, smoothing: chart.kind === "margin" ? 0 : smoothing, x, range: zoom };
  const query = useSeries(requestRuns, requestTags, params, inView);
  const answer = query.data;

  const model: ChartModel = useMemo(() => {
    const get = (r: Request) => answer?.get(seriesId(r.run, r.tag));
    if (chart.kind === "multiline") {
      const lines = requests.map((r) => ({ ...r, series: get(r), color: colorOf(r.run) }));
      return multilineModel(lines, requestRuns.length);
    }
    const margins = [];
    for (let i = 0; i < requests.length; i += 3) {
      const run = requests[i].run;
      const color = chart.series.length > 1 ? lineColor(i / 3) : colorOf(run);
      margins.push({ run, color, value: get(requests[i]), upper: get(requests[i + 2]), lower: get(requests[i + 1]) });
    }
    return marginModel(margins);
  }, [answer, requests, requestRuns, chart, colorOf]);

  const y = useMemo(() => yRange(model.yValues, false, false), [model.yValues]);
  // The model says whether any line was downsampled, not which: all are marked then.
  const approximate = useMemo(() => (model.downsampled ? new Set(model.tooltip.map((t) => t.name)) : NONE), [model]);
  const seriesKey = JSON.stringify(model.series.map((s) => [s.label, s.stroke]));
  const { options, optionsKey, onChart } = useTimeSeriesChart({
    cardRef,
    data: model.data,
    state: { zoom, y, bands: [], tooltip: model.tooltip, range, downsampled: NONE },
    optionsKey: JSON.stringify([x, theme, seriesKey]),
    series: () => model.series,
    bands: model.bands,
    x,
    logY: false,
    theme,
    onZoom: setZoom,
    onRange: setRange,
    onCursor,
  });

  const error = chart.error ?? (query.error as Error | null)?.message;
  const loading = query.isPending && inView && requests.length > 0;
  const what = chart.kind === "multiline" ? "line" : "run";
  return (
    <article ref={cardRef} className={cls("cs-card")} data-title={chart.title} data-kind={chart.kind} data-series={model.drawn}>
      <header className={cls("cs-card-head")}>
        <h3 className={cls("cs-card-title")} title={chart.title}>
          {chart.title}
        </h3>
        <span className={cls("cs-card-kind")}>{chart.kind === "multiline" ? chart.tags.join(", ") : "margin"}</span>
        <button
          type="button"
          className={cls("icon-button", "cs-card-table")}
          aria-label={table ? "Hide data table" : "Show data table"}
          title={table ? "Hide the data table" : "Show each line's values in a table under the chart"}
          aria-pressed={table}
          onClick={() => setTable(!table)}
        >
          <TableIcon />
        </button>
      </header>
      <div className={cls("cs-card-body")} style={{ height: CHART_HEIGHT }}>
        {model.drawn > 0 ? (
          <LineChart options={options} optionsKey={optionsKey} data={model.data} height={CHART_HEIGHT} onChart={onChart} />
        ) : null}
        {requests.length === 0 ? (
          <div className={cls("cs-card-overlay")}>No scalar of the selected runs matches {describe(chart)}.</div>
        ) : loading && model.drawn === 0 ? (
          <div className={cls("cs-card-overlay")}>Loading…</div>
        ) : null}
        {error ? <div className={cls("cs-card-overlay", "cs-card-error")}>{error}</div> : null}
      </div>
      {model.legend.length > 0 ? (
        <ul className={cls("cs-legend")} aria-label="Legend">
          {model.legend.map(({ label, color, dash }, i) => (
            <li key={`${i}:${label}`}>
              <span
                className={cls("cs-swatch")}
                data-color={color}
                style={dash ? { background: `repeating-linear-gradient(90deg, ${color} 0 ${dash[0]}px, transparent ${dash[0]}px ${dash[0] + dash[1]}px)` } : { background: color }}
              />
              {label}
            </li>
          ))}
        </ul>
      ) : null}
      <footer className={cls("cs-card-foot")}>
        {model.drawn} {model.drawn === 1 ? what : `${what}s`} · {formatStep(model.total)} points
        {model.downsampled ? " · downsampled" : ""}
        {zoom ? " · double-click to zoom out" : ""}
      </footer>
      {table && model.drawn > 0 ? (
        <ChartDataTable series={model.tooltip} cursor={cursor} range={range} x={x} approximate={approximate} onClearRange={() => setRange(null)} />
      ) : null}
    </article>
  );
}

function describe(chart: CustomChart): string {
  if (chart.kind === "multiline") return chart.tags.map((t) => `“${t}”`).join(" or ");
  return chart.series.map((s) => `“${s.value}”`).join(" or ");
}
