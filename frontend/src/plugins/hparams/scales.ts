/**
 * Axis scales for the parallel coordinates and the scatter matrix: value -> position in [0, 1].
 * Numbers are linear, or logarithmic when all positive and spread over two decades or more (learning
 * rates, weight decays), where a linear axis would pile every trial but one at the bottom.
 */
import { formatValue } from "../../lib/format";
import { niceTicks } from "../../lib/ticks";
import type { HParamValue, MetricStatistic, Session } from "./calls/hparams";
import { type Column, categoriesOf, cellValue, isCategorical, valueKey, valueLabel } from "./model";

export interface Tick {
  pos: number;
  label: string;
}

export interface Scale {
  kind: "linear" | "log" | "category";
  /** Position in [0, 1] (0 = bottom/left), or null when the value cannot be placed. */
  pos(value: HParamValue): number | null;
  /** The position of a category by its valueKey (null on number scales). */
  posOfKey(key: string): number | null;
  /** The value range [lo, hi] covered by positions [a, b]; categories give the keys within. */
  invert(a: number, b: number): { min: number; max: number } | { values: string[] };
  ticks: Tick[];
}

const LOG_SPREAD = 100;
const MAX_DECLARED_TICKS = 12;

export function scaleFor(column: Column, sessions: Session[], stat: MetricStatistic): Scale {
  if (isCategorical(column)) return categoryScale(categoriesOf(column, sessions));
  const values: number[] = [];
  for (const s of sessions) {
    const v = cellValue(s, column, stat);
    if (typeof v === "number" && Number.isFinite(v)) values.push(v);
  }
  if (column.domain?.kind === "interval") values.push(column.domain.min, column.domain.max);
  if (column.domain?.kind === "discrete")
    for (const v of column.domain.values) if (typeof v === "number") values.push(v);
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (lo > 0 && hi / lo >= LOG_SPREAD) return logScale(lo, hi);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.5 || 1;
    hi += Math.abs(hi) * 0.5 || 1;
  }
  const scale = linearScale(lo, hi);
  // A declared set of numbers (batch sizes 32/64/128) reads best with exactly those ticks.
  const declared = column.domain?.kind === "discrete" ? column.domain.values.filter((v) => typeof v === "number") : [];
  if (declared.length >= 2 && declared.length <= MAX_DECLARED_TICKS) {
    scale.ticks = declared.map((v) => ({ pos: (v - lo) / (hi - lo), label: formatValue(v) }));
  }
  return scale;
}

function linearScale(lo: number, hi: number): Scale {
  const span = hi - lo;
  return {
    kind: "linear",
    pos: (v) => (typeof v === "number" && Number.isFinite(v) ? (v - lo) / span : null),
    posOfKey: () => null,
    invert: (a, b) => ({ min: lo + Math.min(a, b) * span, max: lo + Math.max(a, b) * span }),
    ticks: niceTicks(lo, hi).map((t) => ({ pos: (t - lo) / span, label: formatValue(t) })),
  };
}

function logScale(lo: number, hi: number): Scale {
  const l0 = Math.log10(lo);
  const span = Math.log10(hi) - l0;
  const ticks: Tick[] = [];
  for (let e = Math.ceil(l0 - 1e-9); e <= Math.log10(hi) + 1e-9; e++) {
    ticks.push({ pos: (e - l0) / span, label: formatValue(10 ** e) });
  }
  return {
    kind: "log",
    pos: (v) => (typeof v === "number" && v > 0 && Number.isFinite(v) ? (Math.log10(v) - l0) / span : null),
    posOfKey: () => null,
    invert: (a, b) => ({ min: 10 ** (l0 + Math.min(a, b) * span), max: 10 ** (l0 + Math.max(a, b) * span) }),
    ticks,
  };
}

function categoryScale(categories: HParamValue[]): Scale {
  const n = categories.length;
  const at = (i: number) => (n === 1 ? 0.5 : i / (n - 1));
  const index = new Map(categories.map((c, i) => [valueKey(c), i]));
  return {
    kind: "category",
    pos: (v) => {
      const i = index.get(valueKey(v));
      return i === undefined ? null : at(i);
    },
    posOfKey: (key) => {
      const i = index.get(key);
      return i === undefined ? null : at(i);
    },
    invert: (a, b) => ({
      values: categories
        .filter((_, i) => at(i) >= Math.min(a, b) - 1e-9 && at(i) <= Math.max(a, b) + 1e-9)
        .map(valueKey),
    }),
    ticks: categories.map((c, i) => ({ pos: at(i), label: valueLabel(c) })),
  };
}

/**
 * "Colour by" a column: each session's colour along that column's scale (muted where it has no
 * value), the accent colour for all when no column is chosen; `scale` is for the legend.
 */
export function sessionColors(colorBy: Column | null, sessions: Session[], stat: MetricStatistic) {
  const scale = colorBy ? scaleFor(colorBy, sessions, stat) : null;
  const colorOf = (s: Session): string => {
    if (!colorBy || !scale) return "var(--tb-accent)";
    const pos = scale.pos(cellValue(s, colorBy, stat));
    return pos === null ? "var(--tb-muted)" : colorAt(pos);
  };
  return { scale, colorOf };
}

/** Colours for "colour by metric": blue (low) to orange (high), readable on light and dark backgrounds. */
const STOPS: Array<[number, number, number]> = [
  [47, 111, 237],
  [123, 79, 214],
  [194, 65, 143],
  [232, 102, 58],
  [242, 165, 43],
];

export function colorAt(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
