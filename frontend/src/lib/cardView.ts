/**
 * One chart card's own settings, kept in the URL as `card=<tag>;key=value;...` next to the view's
 * other parameters: its x axis, log y and y range (each overriding the toolbar when set), its zoom
 * window (in the units of the x axis it was made on) and whether its data table is open.
 */
export type XAxis = "step" | "relative" | "wall";
export const X_AXES: readonly XAxis[] = ["step", "relative", "wall"];

export interface CardView {
  /** Overrides the toolbar's x axis. */
  x?: XAxis;
  /** Overrides the toolbar's log y. */
  logY?: boolean;
  /** Overrides the toolbar's "ignore outliers" for the automatic y range. */
  outliers?: boolean;
  /** Fixed y bounds; a missing side stays automatic. */
  yMin?: number;
  yMax?: number;
  /** The zoom window and the axis it is in: on another axis it means nothing and is ignored. */
  zoom?: { x: XAxis; lo: number; hi: number };
  /** The data table under the chart is open. */
  table?: boolean;
}

/** Tags may hold any character; ";" and "%" are escaped so the tag ends at the first ";". */
const escapeTag = (tag: string) => tag.replace(/%/g, "%25").replace(/;/g, "%3B");
const unescapeTag = (text: string) => text.replace(/%3B/gi, ";").replace(/%25/g, "%");

function num(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** `tag;x=wall;log=1` -> ["tag", {x: "wall", logY: true}], or null for an empty or unreadable entry. */
export function parseCard(text: string): [string, CardView] | null {
  const [rawTag, ...parts] = text.split(";");
  if (!rawTag) return null;
  const card: CardView = {};
  for (const part of parts) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    if (key === "x" && X_AXES.includes(value as XAxis)) card.x = value as XAxis;
    else if (key === "log") card.logY = value === "1";
    else if (key === "outliers") card.outliers = value === "1";
    else if (key === "ymin" && num(value) !== undefined) card.yMin = num(value);
    else if (key === "ymax" && num(value) !== undefined) card.yMax = num(value);
    else if (key === "table") card.table = value === "1";
    else if (key === "zoom") {
      const [axis, lo, hi] = value.split(":");
      const [a, b] = [num(lo), num(hi)];
      if (X_AXES.includes(axis as XAxis) && a !== undefined && b !== undefined && b > a) card.zoom = { x: axis as XAxis, lo: a, hi: b };
    }
  }
  return [unescapeTag(rawTag), card];
}

/** The URL text of a card's settings, or null when it has none. */
export function serializeCard(tag: string, card: CardView): string | null {
  const parts: string[] = [];
  if (card.x) parts.push(`x=${card.x}`);
  if (card.logY !== undefined) parts.push(`log=${card.logY ? 1 : 0}`);
  if (card.outliers !== undefined) parts.push(`outliers=${card.outliers ? 1 : 0}`);
  if (card.yMin !== undefined) parts.push(`ymin=${card.yMin}`);
  if (card.yMax !== undefined) parts.push(`ymax=${card.yMax}`);
  if (card.zoom) parts.push(`zoom=${card.zoom.x}:${card.zoom.lo}:${card.zoom.hi}`);
  if (card.table) parts.push("table=1");
  return parts.length ? [escapeTag(tag), ...parts].join(";") : null;
}

/** `patch` applied to a card: undefined values remove a setting, and a card left empty is dropped. */
export function patchCards(cards: Readonly<Record<string, CardView>>, tag: string, patch: Partial<CardView>): Record<string, CardView> {
  const next: CardView = { ...cards[tag], ...patch };
  for (const k of Object.keys(next) as Array<keyof CardView>) if (next[k] === undefined) delete next[k];
  const out = { ...cards };
  if (Object.keys(next).length) out[tag] = next;
  else delete out[tag];
  return out;
}

export interface Defaults {
  x: XAxis;
  logY: boolean;
  ignoreOutliers: boolean;
}

/** What the card draws: its own settings where set, else the toolbar's. */
export function resolveCard(card: CardView | undefined, defaults: Defaults) {
  const x = card?.x ?? defaults.x;
  return {
    x,
    logY: card?.logY ?? defaults.logY,
    ignoreOutliers: card?.outliers ?? defaults.ignoreOutliers,
    zoom: card?.zoom && card.zoom.x === x ? ([card.zoom.lo, card.zoom.hi] as [number, number]) : null,
  };
}

/** The automatic y range with the card's fixed bounds put in; on a log axis a bound <= 0 stays automatic. */
export function fixedY(auto: readonly [number, number] | null, card: CardView | undefined, log = false): [number, number] | null {
  const usable = (v: number | undefined) => (v !== undefined && (!log || v > 0) ? v : undefined);
  const lo = usable(card?.yMin) ?? auto?.[0];
  const hi = usable(card?.yMax) ?? auto?.[1];
  if (lo === undefined || hi === undefined) return null;
  if (hi > lo) return [lo, hi];
  // One fixed side past the data's other edge: keep the fixed side and open a unit span.
  if (log) return usable(card?.yMin) !== undefined ? [lo, lo * 10] : [hi / 10, hi];
  return usable(card?.yMin) !== undefined ? [lo, lo + Math.max(1, Math.abs(lo))] : [hi - Math.max(1, Math.abs(hi)), hi];
}
