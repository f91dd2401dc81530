/**
 * The numbers under a chart: each line's point at a chosen x (TensorBoard's step selector) and its
 * statistics over a selected x range (TensorBoard's range selection), from the rows the tooltip reads.
 */
import type { TooltipSeries } from "./tooltipPlugin";
import { nearestIndex } from "./tooltipPlugin";

export interface PointRow {
  name: string;
  color: string;
  value: number;
  smoothed: number;
  step: number;
  wallTime: number;
  x: number;
}

export interface RangeRow {
  name: string;
  color: string;
  min: number;
  max: number;
  mean: number;
  /** Last value in the range minus the first. */
  change: number;
  /** Points the statistics are over. */
  count: number;
}

/** Each line's point nearest x, or its last point when x is null. Lines without points are left out. */
export function pointsAt(series: readonly TooltipSeries[], x: number | null): PointRow[] {
  const out: PointRow[] = [];
  for (const s of series) {
    if (s.x.length === 0) continue;
    const i = x === null ? s.x.length - 1 : nearestIndex(s.x, x);
    out.push({ name: s.name, color: s.color, value: s.value[i], smoothed: s.smoothed[i], step: s.step[i], wallTime: s.wallTime[i], x: s.x[i] });
  }
  return out;
}

/** Each line's min, max, mean and change of its values with lo <= x <= hi (non-finite values skipped). */
export function rangeStats(series: readonly TooltipSeries[], lo: number, hi: number): RangeRow[] {
  const out: RangeRow[] = [];
  for (const s of series) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let count = 0;
    let first = NaN;
    let last = NaN;
    for (let i = 0; i < s.x.length; i++) {
      const v = s.value[i];
      if (s.x[i] < lo || s.x[i] > hi || !Number.isFinite(v)) continue;
      if (count === 0) first = v;
      last = v;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (count > 0) out.push({ name: s.name, color: s.color, min, max, mean: sum / count, change: last - first, count });
  }
  return out;
}
