/**
 * Turns /api/scalars answers into one uPlot chart: a multiline chart draws one line per (run, tag), a
 * margin chart draws each run's value line over the band between its lower and upper tags.
 */
import type uPlot from "uplot";

import { alignTables, type Table } from "../../charts/align";
import type { TooltipSeries } from "../../charts/tooltipPlugin";
import { PALETTE } from "../../lib/colors";
import type { ScalarSeries } from "../../lib/calls/series";

export interface ChartModel {
  data: uPlot.AlignedData;
  /** uPlot series after the x column, one per data column. */
  series: uPlot.Series[];
  /** Pairs of column indexes (upper, lower) whose gap is filled. */
  bands: uPlot.Band[];
  tooltip: TooltipSeries[];
  /** What each drawn colour (and dash pattern) stands for, in series order. */
  legend: Array<{ label: string; color: string; dash?: number[] }>;
  /** Every y value drawn, for the y range. */
  yValues: Array<number | null>;
  /** Lines with at least one point. */
  drawn: number;
  /** Points stored across the drawn series. */
  total: number;
  downsampled: boolean;
}

export interface Line {
  run: string;
  tag: string;
  /** The run's colour, the same as in every other dashboard. */
  color: string;
  series: ScalarSeries | undefined;
}

/** Dash patterns that tell a run's tags apart when every line of the run has the run's colour. */
const DASHES: ReadonlyArray<number[] | undefined> = [undefined, [6, 3], [2, 2], [8, 3, 2, 3], [1, 3]];

/** A colour per line, distinct within the chart: a chart of one run's tags would otherwise be one colour. */
export function lineColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * One (run, tag) pair per line; each line is the smoothed series the server returned. With several
 * runs a line has its run's colour (as in Scalars and the run list) and its tag's dash pattern; a
 * chart of one run colours its tags apart instead.
 */
export function multilineModel(lines: Line[], runCount: number): ChartModel {
  const m = gathering();
  const tagIndex = new Map<string, number>();
  for (const { tag } of lines) if (!tagIndex.has(tag)) tagIndex.set(tag, tagIndex.size);
  lines.forEach(({ run, tag, color: runColor, series: s }, i) => {
    const color = runCount > 1 ? runColor : lineColor(i);
    const dash = runCount > 1 && tagIndex.size > 1 ? DASHES[(tagIndex.get(tag) ?? 0) % DASHES.length] : undefined;
    // With one run the run name says nothing; with several, the line needs both.
    const label = runCount > 1 ? `${tag} (${run})` : tag;
    m.legend.push({ label, color, dash });
    m.series.push({ label, stroke: color, width: 1.5, dash, spanGaps: true, points: { size: 5, fill: color } });
    if (!s || s.x.length === 0) {
      m.tables.push([[], []]);
      return;
    }
    const y = Array.from(s.smoothed, finite);
    m.drawnLine(s, [s.x, y], y, { name: label, color, x: s.x, smoothed: s.smoothed, value: s.value, step: s.step, wallTime: s.wall_time });
  });
  return m.model();
}

export interface MarginRun {
  run: string;
  color: string;
  value: ScalarSeries | undefined;
  lower: ScalarSeries | undefined;
  upper: ScalarSeries | undefined;
}

/**
 * The bound at each value step: its own point at that step, else interpolated between its neighbours.
 * A downsampled value and its downsampled bounds keep different steps, so exact lookup alone would
 * punch holes in the band; outside the bound's logged steps there is no band (null).
 */
export function boundAtSteps(steps: ArrayLike<number>, bound: ScalarSeries | undefined): Array<number | null> {
  if (!bound || bound.step.length === 0) return Array.from(steps, () => null);
  const order = Array.from(bound.step, (_, i) => i).sort((a, b) => bound.step[a] - bound.step[b]);
  const bs = order.map((i) => bound.step[i]);
  const bv = order.map((i) => bound.value[i]);
  return Array.from(steps, (step) => {
    let lo = 0;
    let hi = bs.length - 1;
    if (step < bs[0] || step > bs[hi]) return null;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bs[mid] < step) lo = mid + 1;
      else hi = mid;
    }
    if (bs[lo] === step || lo === 0) return finite(bv[lo]);
    const t = (step - bs[lo - 1]) / (bs[lo] - bs[lo - 1]);
    return finite(bv[lo - 1] + (bv[lo] - bv[lo - 1]) * t);
  });
}

/** Per run three columns (value, upper, lower) and a band filling between upper and lower. */
export function marginModel(runs: MarginRun[]): ChartModel {
  const m = gathering();
  runs.forEach(({ run, color, value, lower, upper }, i) => {
    const col = 1 + i * 3;
    m.legend.push({ label: run, color });
    m.series.push(
      { label: run, stroke: color, width: 1.75, spanGaps: true, points: { size: 5, fill: color } },
      { label: `${run} (upper)`, stroke: color, width: 0.5, dash: [3, 3], spanGaps: true, points: { show: false } },
      { label: `${run} (lower)`, stroke: color, width: 0.5, dash: [3, 3], spanGaps: true, points: { show: false } },
    );
    m.bands.push({ series: [col + 1, col + 2], fill: `${color}33` });
    if (!value || value.x.length === 0) {
      m.tables.push([[], [], [], []]);
      return;
    }
    const v = Array.from(value.value, finite);
    const hi = boundAtSteps(value.step, upper);
    const lo = boundAtSteps(value.step, lower);
    m.drawnLine(value, [value.x, v, hi, lo], [...v, ...hi, ...lo], {
      name: run,
      color,
      x: value.x,
      smoothed: value.value,
      value: value.value,
      step: value.step,
      wallTime: value.wall_time,
    });
  });
  return m.model();
}

/** What both models gather line by line: columns, uPlot series and bands, legend, tooltip, counts. */
function gathering() {
  const tables: Table[] = [];
  const series: uPlot.Series[] = [];
  const bands: uPlot.Band[] = [];
  const tooltip: TooltipSeries[] = [];
  const yValues: Array<number | null> = [];
  const legend: ChartModel["legend"] = [];
  let drawn = 0;
  let total = 0;
  let downsampled = false;
  return {
    tables,
    series,
    bands,
    legend,
    /** A line with points: its table, the y values it draws and its tooltip entry. */
    drawnLine(from: ScalarSeries, table: Table, ys: Array<number | null>, tip: TooltipSeries) {
      drawn++;
      total += from.total;
      downsampled ||= from.downsampled;
      tables.push(table);
      yValues.push(...ys);
      tooltip.push(tip);
    },
    model: (): ChartModel => ({ data: align(tables), series, bands, tooltip, legend, yValues, drawn, total, downsampled }),
  };
}

function align(tables: Table[]): uPlot.AlignedData {
  if (tables.length === 0) return [[]];
  return tables.length === 1 ? (tables[0] as uPlot.AlignedData) : alignTables(tables);
}
