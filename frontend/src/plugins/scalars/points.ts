/** How many points a scalar card asks the server for, by its width and how many runs it draws. */

/**
 * Buckets requested per pixel of width. Each bucket returns up to 4 points (first, min, max, last) and
 * one band row, so half a bucket per pixel still draws every spike, at half the transfer and drawing.
 */
const BUCKETS_PER_PX = 0.5;
const MIN_POINTS = 200;
const MAX_POINTS = 2000;
/**
 * Buckets one card asks for across all its runs. A sweep of 1,000 runs in a 500 px chart cannot show
 * 1,000 points of each; 64 buckets (up to 256 points) per run keep every run's shape and spikes while
 * the answer stays a few megabytes (benchmarks/sweep.py).
 */
const CARD_BUCKETS = 64_000;
const MIN_SWEEP_POINTS = 32;
/**
 * Above this many runs, per-run min/max bands and faint raw lines would pile into one grey block: each
 * run is drawn as its smoothed line only, which also halves the columns uPlot walks.
 */
export const DETAIL_MAX_RUNS = 20;

/** Buckets per run for a card `width` px wide drawing `runs` runs. */
export function pointsFor(width: number, runs: number): number {
  const byWidth = Math.min(Math.max(Math.round(width * BUCKETS_PER_PX), MIN_POINTS), MAX_POINTS);
  return Math.max(MIN_SWEEP_POINTS, Math.min(byWidth, Math.floor(CARD_BUCKETS / Math.max(1, runs))));
}
