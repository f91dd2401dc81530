/**
 * Run colours, the one home for them: every dashboard, the runs table, tooltips, legends and exports
 * read a run's colour from the map `assignColors` builds.
 *
 * - PALETTE has 20 colours picked for about 20 runs on screen at once: Tableau's first four, then
 *   greedily the candidate farthest (CIE94) from all chosen, lightness kept between L* 40 and 75 so
 *   each reads on the light and the dark theme. No two are closer than ΔE94 16 (the 16 colours used
 *   before came as close as 8.8; the near twins are 22 apart), and the first colours, the
 *   ones few runs get, are the farthest apart.
 * - The visible runs are coloured first: each takes the slot its name hashes to (stable across reloads
 *   and selections), probing to the next free slot, so up to 20 visible runs never share a colour.
 * - Past 20 visible runs, each further run (in name order) turns the hue by the golden angle and
 *   alternates lightness, so neighbours in the list stay far apart.
 * - A colour the user picked (saved in localStorage) wins, and takes its slot out of the pool.
 */

import { readStored, writeStored } from "./storage";

export const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#f76ece",
  "#0bc5da",
  "#9d0ac2",
  "#7a681f",
  "#c2b90a",
  "#2a6f68",
  "#6eb2f7",
  "#c91d73",
  "#9679ec",
  "#33cc96",
  "#ec797f",
  "#0991aa",
  "#2e6f2a",
  "#78cc33",
  "#0b54da",
  "#169c81",
] as const;

/** FNV-1a: a cheap, stable string hash (the same in every browser and every session). */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const GOLDEN_ANGLE = 137.508;

/** The k-th colour past the palette: golden-angle hues, two lightness levels, as #rrggbb. */
export function overflowColor(k: number): string {
  const hue = (k * GOLDEN_ANGLE + 15) % 360;
  const light = k % 2 === 0 ? 0.5 : 0.62;
  return hslToHex(hue, 0.68, light);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

const collator = new Intl.Collator(undefined, { sensitivity: "base" });
const NUMBER = /(\d+(?:\.\d+)?)/;
/** Each name's parts (text, number, text, ...), split once: a sort of 10,000 names compares 140,000 times. */
const partsCache = new Map<string, Array<string | number>>();
const MAX_CACHED = 100_000;

function parts(name: string): Array<string | number> {
  let p = partsCache.get(name);
  if (!p) {
    // split with a capture group alternates text (even) and numbers (odd).
    p = name.split(NUMBER).map((t, i) => (i % 2 === 1 ? parseFloat(t) : t.toLowerCase()));
    if (partsCache.size >= MAX_CACHED) partsCache.clear();
    partsCache.set(name, p);
  }
  return p;
}

/**
 * Natural order of names: "seed2" before "seed10", and "lr0.0001" before "lr0.001" (a number with a
 * decimal point is compared as one number, which Intl.Collator's numeric option does not do).
 */
export function naturalCompare(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const d = typeof x === "number" ? x - (y as number) : collator.compare(x as string, y as string);
    if (d !== 0) return d;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

const rankCache = new WeakMap<readonly string[], Map<string, number>>();

/**
 * Each name's place in `runs` sorted by naturalCompare, computed once per array: sorting a subset by
 * these numbers orders it as naturalCompare does (a total order), without comparing names again on
 * every keystroke of the runs filter.
 */
function naturalRanks(runs: readonly string[]): Map<string, number> {
  let ranks = rankCache.get(runs);
  if (!ranks) {
    ranks = new Map([...runs].sort(naturalCompare).map((run, i) => [run, i]));
    rankCache.set(runs, ranks);
  }
  return ranks;
}

/**
 * A colour for every run of `runs` (in a stable order, e.g. sorted). `visible` (a subset) is coloured
 * first so the runs on screen get the palette; `picked` holds the colours users chose.
 */
export function assignColors(
  runs: readonly string[],
  visible: readonly string[] = runs,
  picked: Readonly<Record<string, string>> = {},
): Map<string, string> {
  const colors = new Map<string, string>();
  const visibleSet = new Set(visible);
  const taken = new Set<number>();
  for (const [run, color] of Object.entries(picked)) {
    const slot = PALETTE.indexOf(color as (typeof PALETTE)[number]);
    if (slot >= 0 && visibleSet.has(run)) taken.add(slot);
  }
  let overflow = 0;
  const place = (group: readonly string[], slots: Set<number>, count: boolean) => {
    for (const run of group) {
      if (picked[run]) {
        colors.set(run, picked[run]);
        continue;
      }
      if (slots.size >= PALETTE.length) {
        colors.set(run, count ? overflowColor(overflow++) : PALETTE[hashName(run) % PALETTE.length]);
        continue;
      }
      let slot = hashName(run) % PALETTE.length;
      while (slots.has(slot)) slot = (slot + 1) % PALETTE.length;
      slots.add(slot);
      colors.set(run, PALETTE[slot]);
    }
  };
  const ranks = naturalRanks(runs);
  const inRuns = visible.every((r) => ranks.has(r));
  place([...visible].sort(inRuns ? (a, b) => (ranks.get(a) as number) - (ranks.get(b) as number) : naturalCompare), taken, true);
  // Hidden runs show their colour in the table only; each takes its own slot among the hidden, in
  // the order given (the server lists runs sorted), which spares a sort of thousands of names.
  place(
    runs.filter((r) => !visibleSet.has(r)),
    new Set<number>(),
    false,
  );
  return colors;
}

const STORAGE_KEY = "trainboard.runColors";

/** The colours users picked, by run name ({} when storage is empty, unreadable or blocked). */
export function loadPickedColors(): Record<string, string> {
  const parsed = readStored(STORAGE_KEY);
  if (!parsed || typeof parsed !== "object") return {};
  const out: Record<string, string> = {};
  for (const [run, color] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof color === "string" && /^#[0-9a-f]{6}$/i.test(color)) out[run] = color;
  }
  return out;
}

export function savePickedColors(picked: Readonly<Record<string, string>>): void {
  writeStored(STORAGE_KEY, picked);
}

/** sRGB #rrggbb to CIELAB (D65), for tests and for checking how far apart two colours are. */
export function hexToLab(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  const lin = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const [r, g, b] = lin;
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ].map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116));
  return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
}

/** CIE94 colour difference (graphic arts weights), the smaller of the two directions. */
export function deltaE(a: string, b: string): number {
  const one = (p: [number, number, number], q: [number, number, number]) => {
    const c1 = Math.hypot(p[1], p[2]);
    const dC = c1 - Math.hypot(q[1], q[2]);
    const dH2 = Math.max(0, (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2 - dC ** 2);
    return Math.sqrt((p[0] - q[0]) ** 2 + (dC / (1 + 0.045 * c1)) ** 2 + dH2 / (1 + 0.015 * c1) ** 2);
  };
  const la = hexToLab(a);
  const lb = hexToLab(b);
  return Math.min(one(la, lb), one(lb, la));
}
