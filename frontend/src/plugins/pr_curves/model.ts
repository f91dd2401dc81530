/** Pure helpers of the PR-curve chart: which point the pointer is nearest, and the area under the curve. */
import type { PrCurve } from "./calls/prCurves";

/**
 * The index of the curve point nearest (recall, precision), or -1 for an empty curve. `width` and
 * `height` are the plot's size in pixels, so distance is measured as the eye sees it on a chart that
 * is not square; ties go to the lower threshold. Points whose precision or recall is null (NaN on the
 * wire) are never picked.
 */
export function nearestPoint(curve: PrCurve, recall: number, precision: number, width = 1, height = 1): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < curve.thresholds.length; i++) {
    const r = curve.recall[i];
    const p = curve.precision[i];
    if (r == null || p == null) continue;
    const d = ((r - recall) * width) ** 2 + ((p - precision) * height) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * Area under the precision-recall curve by the trapezoid rule over the logged thresholds, from
 * recall 0 (where the highest threshold's precision is held) to the lowest threshold's recall.
 * A summary for the card, not a replacement for the chart: with few thresholds it is coarse.
 */
export function areaUnderCurve(curve: PrCurve): number | null {
  const pts: [number, number][] = [];
  for (let i = 0; i < curve.thresholds.length; i++) {
    const r = curve.recall[i];
    const p = curve.precision[i];
    if (r != null && p != null && Number.isFinite(r) && Number.isFinite(p)) pts.push([r, p]);
  }
  if (pts.length === 0) return null;
  pts.sort((a, b) => a[0] - b[0]);
  let area = pts[0][0] * pts[0][1];
  for (let i = 1; i < pts.length; i++) area += ((pts[i][0] - pts[i - 1][0]) * (pts[i][1] + pts[i - 1][1])) / 2;
  return area;
}
