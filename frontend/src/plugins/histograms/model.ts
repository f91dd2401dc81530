/** The histograms' pure geometry: ridge outlines, the bin under the pointer, and runs overlaid at a step. */
import type { HistogramRow, HistogramsResponse } from "./calls/histograms";

type Scale = (v: number) => number;

/** A line through the bin centres, closed down to the baseline (y(0)) at the outer edges. */
export function ridgePath(edges: readonly number[], counts: readonly number[], x: Scale, y: Scale): string {
  if (edges.length < 2) return "";
  const base = y(0).toFixed(1);
  let d = `M${x(edges[0]).toFixed(1)},${base}`;
  counts.forEach((c, b) => {
    d += `L${x((edges[b] + edges[b + 1]) / 2).toFixed(1)},${y(c).toFixed(1)}`;
  });
  return `${d}L${x(edges[edges.length - 1]).toFixed(1)},${base}Z`;
}

/** The index of the bin holding `value` (the last bin includes its upper edge), or null outside. */
export function binAt(edges: readonly number[], value: number): number | null {
  const last = edges.length - 1;
  if (last < 1 || !(value >= edges[0] && value <= edges[last])) return null;
  let lo = 0;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Every step any run logged, ascending, each with the first wall time seen for it. */
export function unionSteps(series: readonly HistogramsResponse[]): { steps: number[]; wallTimes: number[] } {
  const wall = new Map<number, number>();
  for (const s of series) for (const r of s.histograms) if (!wall.has(r.step)) wall.set(r.step, r.wall_time);
  const steps = [...wall.keys()].sort((a, b) => a - b);
  return { steps, wallTimes: steps.map((s) => wall.get(s)!) };
}

/** The run's histogram at `step`: the latest logged at or before it, else its first. */
export function rowAt(rows: readonly HistogramRow[], step: number): HistogramRow | null {
  if (!rows.length) return null;
  let best: HistogramRow | null = null;
  for (const r of rows) if (r.step <= step && (!best || r.step >= best.step)) best = r;
  return best ?? rows[0];
}

/** `count` equal-width edges over [lo, hi]. */
export function evenEdges(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (i === count ? hi : lo + ((hi - lo) * i) / count));
}

/**
 * Counts on `from` edges moved onto `to` edges, each bin's count spread evenly over its width (as the
 * server re-bins). Runs are binned over their own ranges, so their counts only compare on one grid.
 */
export function rebin(from: readonly number[], counts: readonly number[], to: readonly number[]): number[] {
  const out = new Array<number>(Math.max(0, to.length - 1)).fill(0);
  for (let b = 0; b < counts.length; b++) {
    const a0 = from[b];
    const a1 = from[b + 1];
    const c = counts[b];
    if (!c) continue;
    if (!(a1 > a0)) {
      const k = binAt(to, a0);
      if (k !== null) out[k] += c;
      continue;
    }
    for (let k = 0; k < out.length; k++) {
      const overlap = Math.min(a1, to[k + 1]) - Math.max(a0, to[k]);
      if (overlap > 0) out[k] += (c * overlap) / (a1 - a0);
    }
  }
  return out;
}
