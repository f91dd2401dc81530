/** Y-axis ranges: padded auto range, outlier-clipped range and log-safe bounds. */

/** Padding added above and below the data, as a fraction of its span. */
const PAD = 0.06;

/** The p-th quantile (0..1) of sorted values, interpolated. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The y range to show: the finite extent of values, or with ignoreOutliers their 5th to 95th
 * percentile, padded so lines do not touch the frame. Log scales get positive bounds.
 */
export function yRange(values: ArrayLike<number | null>, ignoreOutliers: boolean, log: boolean): [number, number] | null {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v) && (!log || v > 0)) finite.push(v);
  }
  if (finite.length === 0) return null;
  let lo: number;
  let hi: number;
  if (ignoreOutliers && finite.length >= 20) {
    const sorted = Float64Array.from(finite).sort();
    lo = quantile(sorted, 0.05);
    hi = quantile(sorted, 0.95);
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (const v of finite) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (log) {
    const [llo, lhi] = [Math.log10(lo), Math.log10(hi)];
    const pad = lhi > llo ? (lhi - llo) * PAD : 0.5;
    return [10 ** (llo - pad), 10 ** (lhi + pad)];
  }
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * PAD;
  return [lo - pad, hi + pad];
}
