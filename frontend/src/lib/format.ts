/** Number, step and time formatting for axes, tooltips and tables. */

const SI = ["", "k", "M", "G", "T", "P"];

/** A value with 4 significant digits; very large or small magnitudes switch to exponent form. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(value.toPrecision(4)));
}

/** A step count, shortened on axes: 12500 -> "12.5k". */
export function formatStep(step: number, short = false): string {
  if (!Number.isFinite(step)) return "–";
  // Axis ticks on a range of a step or two fall between integers; rounding would repeat labels.
  if (!Number.isInteger(step) && Math.abs(step) < 1000) return String(Number(step.toPrecision(3)));
  if (!short || Math.abs(step) < 1000) return Math.round(step).toLocaleString("en-US");
  let scaled = step;
  let i = 0;
  while (Math.abs(scaled) >= 1000 && i < SI.length - 1) {
    scaled /= 1000;
    i++;
  }
  return `${Number(scaled.toPrecision(3))}${SI[i]}`;
}

/** Seconds as a compact duration: 42 -> "42s", 3725 -> "1h 2m", 0.25 -> "250ms". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  const sign = seconds < 0 ? "-" : "";
  let s = Math.abs(seconds);
  if (s < 1) return `${sign}${Math.round(s * 1000)}ms`;
  if (s < 60) return `${sign}${Number(s.toPrecision(3))}s`;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s = Math.floor(s - m * 60);
  // Zero parts are left out: "2m", not "2m 0s".
  const two = (a: number, ua: string, b: number, ub: string) => `${sign}${a}${ua}${b ? ` ${b}${ub}` : ""}`;
  if (d > 0) return two(d, "d", h, "h");
  if (h > 0) return two(h, "h", m, "m");
  return two(m, "m", s, "s");
}

/**
 * Relative-axis tick labels (seconds since the run's first point): the origin is "0", not "0ms", and
 * the rest read as durations ("30s", "1m 30s", "2h").
 */
export function formatDurationTicks(splits: readonly number[]): string[] {
  return splits.map((v) => (Math.abs(v) < 1e-9 ? "0" : formatDuration(v)));
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Unix seconds as local "2026-11-27 14:03:05" (no long time-zone names). */
export function formatWallTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  const d = new Date(seconds * 1000);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** Unix seconds as local "14:03:05", for the live indicator. */
export function formatClock(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
