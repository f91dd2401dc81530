/**
 * TensorBoard's debiased exponential moving average, for instant feedback while the server's
 * full-resolution smoothing is being fetched (spec/tensorboard.md §1.2).
 */

/** The slider's range: TensorBoard caps smoothing just below 1, where the EMA would never move. */
export const SMOOTHING_MAX = 0.999;
export const DEFAULT_SMOOTHING = 0.6;

/**
 * Smooths values in array order: last = last*w + (1-w)*y, divided by (1 - w^n) to undo the bias of
 * starting at 0. Non-finite values pass through and are not counted; a constant series is returned
 * unchanged so float error cannot draw spikes on a flat line.
 */
export function smooth(values: ArrayLike<number>, weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), SMOOTHING_MAX);
  const out = new Array<number>(values.length);
  let first: number | undefined;
  let constant = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (first === undefined) first = v;
    else if (v !== first) {
      constant = false;
      break;
    }
  }
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (constant || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    n++;
    out[i] = w === 0 ? v : last / (1 - Math.pow(w, n));
  }
  return out;
}

/** Clamps a user-typed smoothing weight into [0, SMOOTHING_MAX]; garbage gives the default. */
export function clampSmoothing(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_SMOOTHING;
  return Math.min(Math.max(value, 0), SMOOTHING_MAX);
}
