/**
 * Turns an embedded series into what the dashboard's scalar chart draws (lib/scalarsApi's ScalarSeries):
 * for a zoom window, raw points, or the coarsest level with enough buckets in the window, drawn as a
 * min/max band under its smoothed mean.
 */
import type { ScalarSeries } from "../lib/calls/series";
import { smooth } from "../lib/smoothing";
import type { Decoded, Level } from "./data";

const smoothedCache = new WeakMap<object, Map<number, number[]>>();

/** smooth() memoised per column and weight: the slider re-smooths only what is drawn. */
function smoothedOf(key: object, values: ArrayLike<number>, weight: number): number[] {
  let byWeight = smoothedCache.get(key);
  if (!byWeight) smoothedCache.set(key, (byWeight = new Map()));
  let out = byWeight.get(weight);
  if (!out) {
    if (byWeight.size > 8) byWeight.clear();
    out = smooth(values, weight);
    byWeight.set(weight, out);
  }
  return out;
}

/** First index with xs[i] >= target (xs ascending). */
function lowerBound(xs: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The coarsest level with at least `target` buckets inside the window, else the finest. */
export function pickLevel(levels: readonly Level[], span: number, windowSpan: number, target: number): number {
  const fraction = span > 0 ? Math.min(1, windowSpan / span) : 1;
  for (let i = 0; i < levels.length; i++) if (levels[i].buckets * fraction >= target) return i;
  return levels.length - 1;
}

/**
 * The chart input of one series: `range` is the zoom window in steps (null: all), `target` the buckets
 * the card wants in view, `smoothing` the slider's weight. Without `band` (a card of many runs draws
 * none) an unsmoothed line runs through each bucket's min and max instead of its mean, as the
 * dashboard's min/max downsampling does, so a spike still shows.
 */
export function chartSeries(
  run: string,
  tag: string,
  s: Decoded,
  range: readonly [number, number] | null,
  target: number,
  smoothing: number,
  band = true,
): ScalarSeries & { level: number | null } {
  const base = { run, tag, total: s.count, requestedSmoothing: smoothing };
  if (s.kind === "raw") {
    const smoothed = smoothedOf(s.value, s.value, smoothing);
    // One point beyond each edge, so the line runs to the frame.
    const i0 = range ? Math.max(0, lowerBound(s.step, range[0]) - 1) : 0;
    const i1 = range ? Math.min(s.count, lowerBound(s.step, range[1]) + 1) : s.count;
    const step = s.step.subarray(i0, i1);
    return {
      ...base,
      in_range: i1 - i0,
      downsampled: false,
      x: step,
      step,
      wall_time: new Float64Array(step.length).fill(NaN),
      value: s.value.subarray(i0, i1),
      smoothed: smoothed.slice(i0, i1),
      band: null,
      level: null,
    };
  }
  const span = s.end - s.start;
  const [a, b] = range ?? [s.start, s.end];
  const index = pickLevel(s.levels, span, b - a, target);
  const level = s.levels[index];
  const width = span / level.buckets;
  // The TensorBoard weight applies per point; a bucket averages count / buckets of them.
  const weight = Math.pow(smoothing, s.count / level.buckets);
  const smoothedAll = smoothedOf(level.mean, level.mean, weight);
  const first = width > 0 ? Math.max(0, Math.floor((a - s.start) / width) - 1) : 0;
  const last = width > 0 ? Math.min(level.buckets - 1, Math.ceil((b - s.start) / width) + 1) : level.buckets - 1;
  const x: number[] = [];
  const value: number[] = [];
  const smoothed: number[] = [];
  const xLo: number[] = [];
  const xHi: number[] = [];
  const min: number[] = [];
  const max: number[] = [];
  const envelope = !band && smoothing === 0;
  for (let i = first; i <= last; i++) {
    if (Number.isNaN(level.mean[i])) continue;
    const lo = s.start + i * width;
    xLo.push(lo);
    xHi.push(lo + width);
    min.push(level.min[i]);
    max.push(level.max[i]);
    if (envelope && level.max[i] > level.min[i]) {
      // Min then max, or max then min, whichever continues the line from the last point.
      const previous = value.length > 0 ? value[value.length - 1] : level.mean[i];
      const pair = previous > level.mean[i] ? [level.max[i], level.min[i]] : [level.min[i], level.max[i]];
      x.push(lo + width / 3, lo + (2 * width) / 3);
      value.push(...pair);
      smoothed.push(...pair);
      continue;
    }
    x.push(lo + width / 2);
    value.push(level.mean[i]);
    smoothed.push(envelope ? level.mean[i] : smoothedAll[i]);
  }
  return {
    ...base,
    in_range: Math.round(s.count * Math.min(1, span > 0 ? (b - a) / span : 1)),
    downsampled: true,
    x,
    step: x,
    wall_time: new Array<number>(x.length).fill(NaN),
    value,
    smoothed,
    band: band ? { x_lo: xLo, x_hi: xHi, min, max } : null,
    level: index,
  };
}
