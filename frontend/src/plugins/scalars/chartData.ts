/** Turns the per-run responses of one card into uPlot's aligned columns, series, bands and tooltip rows. */
import type uPlot from "uplot";

import { alignTables, type Table } from "../../charts/align";
import type { Band } from "../../charts/bandPlugin";
import type { TooltipSeries } from "../../charts/tooltipPlugin";
import { smooth } from "../../lib/smoothing";
import type { ScalarSeries } from "../../lib/calls/series";

export interface RunData {
  run: string;
  color: string;
  /** null while the run's first answer is on its way. */
  series: ScalarSeries | null | undefined;
  /** A group line's member runs, for the tooltip. */
  members?: readonly string[];
}

export interface ChartData {
  /** [x, then per run: raw value (when drawn), smoothed]. */
  data: uPlot.AlignedData;
  /** Every y value drawn, for the y range. */
  yValues: Array<number | null>;
  bands: Band[];
  tooltip: TooltipSeries[];
  /** Runs with at least one point. */
  drawnRuns: number;
  downsampled: boolean;
  /** The runs whose answer was downsampled (drawn as a band rather than a raw line). */
  downsampledRuns: Set<string>;
  /** Points stored across runs, and how many of them fall in the shown window. */
  total: number;
  inRange: number;
}

/** "#1f77b4" with alpha 0.3 -> "rgba(31,119,180,0.3)". */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function isSorted(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[i - 1]) return false;
  return true;
}

/** Sorts every column by x; uPlot needs ascending x and a restarted run may step back. */
function sortByX<T extends Record<string, ArrayLike<number>>>(cols: T, x: ArrayLike<number>): T {
  if (isSorted(x)) return cols;
  const order = Array.from(x, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const out: Record<string, number[]> = {};
  for (const [k, col] of Object.entries(cols)) out[k] = order.map((i) => col[i]);
  return out as unknown as T;
}

/**
 * Builds a card's chart input. smoothing is the slider's current value: an answer fetched with another
 * weight is re-smoothed here so the line follows the slider before the server's answer arrives. With a
 * log y axis, values <= 0 become gaps. Without `raw` (a card of many runs) each run has only its
 * smoothed column.
 */
export function buildChartData(runs: RunData[], smoothing: number, logY: boolean, raw = true): ChartData {
  const tables: Table[] = [];
  const bands: Band[] = [];
  const tooltip: TooltipSeries[] = [];
  const yValues: Array<number | null> = [];
  let drawnRuns = 0;
  let downsampled = false;
  const downsampledRuns = new Set<string>();
  let total = 0;
  let inRange = 0;
  for (const { run, color, series, members } of runs) {
    if (!series || series.x.length === 0) {
      tables.push(raw ? [[], [], []] : [[], []]);
      continue;
    }
    drawnRuns++;
    total += series.total;
    inRange += series.in_range;
    const smoothed = series.requestedSmoothing === smoothing ? series.smoothed : smooth(series.value, smoothing);
    const cols = sortByX(
      { x: series.x, value: series.value, smoothed, step: series.step, wallTime: series.wall_time },
      series.x,
    );
    const clean = (v: number) => (logY && v <= 0) || !Number.isFinite(v) ? null : v;
    const value = Array.from(cols.value, clean);
    const sm = Array.from(cols.smoothed, clean);
    // A downsampled run's raw values zigzag through its min/max band (or, in a card of many runs
    // drawn without bands, through its own smoothed line); leaving the column empty spares the canvas
    // a stroke of thousands of segments per run.
    const rawColumn = series.downsampled ? value.map(() => null) : value;
    tables.push(raw ? [Array.from(cols.x), rawColumn, sm] : [Array.from(cols.x), sm]);
    if (raw) yValues.push(...value);
    yValues.push(...sm);
    tooltip.push({ name: run, color, members, x: cols.x, smoothed: cols.smoothed, value: cols.value, step: cols.step, wallTime: cols.wallTime });
    if (series.downsampled) {
      downsampled = true;
      downsampledRuns.add(run);
    }
    // A group's band (its members' spread) is drawn whether or not the group was downsampled.
    if ((series.downsampled || members) && series.band) {
      bands.push({ color, xLo: series.band.x_lo, xHi: series.band.x_hi, min: series.band.min, max: series.band.max });
      yValues.push(...Array.from(series.band.min, clean), ...Array.from(series.band.max, clean));
    }
  }
  const data = tables.length === 1 ? (tables[0] as uPlot.AlignedData) : alignTables(tables);
  return { data, yValues, bands, tooltip, drawnRuns, downsampled, downsampledRuns, total, inRange };
}

/**
 * uPlot's y series for the runs (the x series is added by the chart's options), in the column order buildChartData produces: faint raw (when `raw`), then
 * solid smoothed. A downsampled run's raw line zigzags through its own min/max band, so it is left to
 * the band.
 */
export function buildSeries(
  runs: Array<{ run: string; color: string }>,
  showRaw: boolean,
  isDownsampled: (run: string) => boolean,
  raw = true,
): uPlot.Series[] {
  const series: uPlot.Series[] = [];
  for (const { run, color } of runs) {
    const faint = withAlpha(color, 0.3);
    if (raw) series.push({
      label: `${run} (value)`,
      stroke: () => (isDownsampled(run) ? "transparent" : faint),
      width: 1,
      show: showRaw,
      spanGaps: true,
      points: { show: false },
    });
    // uPlot's default shows dots only where points are sparse, so a one-point series stays visible.
    series.push({ label: run, stroke: color, width: raw ? 1.75 : 1, spanGaps: true, points: { size: 5, fill: color } });
  }
  return series;
}
