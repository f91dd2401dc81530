/** Per-browser preferences from the settings panel, kept in localStorage. */
import { browserStorage } from "./storage";
import { TOOLTIP_SORTS, type TooltipSort } from "./tooltipSort";
import { DEFAULT_SMOOTHING, clampSmoothing } from "./smoothing";

export type ThemeChoice = "system" | "light" | "dark";

export interface Settings {
  /** Follow the server's change stream; off falls back to polling every reloadPeriod seconds. */
  live: boolean;
  reloadPeriod: number;
  defaultSmoothing: number;
  theme: ThemeChoice;
  /** Card width in pixels; null lets cards fill the row three or so at a time. */
  cardWidth: number | null;
  /** The order of the rows in chart tooltips, as TensorBoard's tooltip sorting setting. */
  tooltipSort: TooltipSort;
}

export const DEFAULT_SETTINGS: Settings = {
  live: true,
  reloadPeriod: 30,
  defaultSmoothing: DEFAULT_SMOOTHING,
  theme: "system",
  cardWidth: null,
  tooltipSort: "nearest",
};

export const MIN_RELOAD_PERIOD = 2;
export const CARD_WIDTH_RANGE = { min: 320, max: 960, step: 40 } as const;

const STORAGE_KEY = "trainboard.settings";

/** Reads stored settings, repairing any field an older version or a hand edit left invalid. */
export function loadSettings(storage: Pick<Storage, "getItem"> | undefined = browserStorage()): Settings {
  let raw: Partial<Settings> = {};
  try {
    raw = JSON.parse(storage?.getItem(STORAGE_KEY) ?? "{}") as Partial<Settings>;
  } catch {
    raw = {};
  }
  const s = { ...DEFAULT_SETTINGS };
  if (typeof raw.live === "boolean") s.live = raw.live;
  if (typeof raw.reloadPeriod === "number" && raw.reloadPeriod >= MIN_RELOAD_PERIOD) s.reloadPeriod = raw.reloadPeriod;
  if (typeof raw.defaultSmoothing === "number") s.defaultSmoothing = clampSmoothing(raw.defaultSmoothing);
  if (raw.theme === "light" || raw.theme === "dark" || raw.theme === "system") s.theme = raw.theme;
  if (TOOLTIP_SORTS.includes(raw.tooltipSort as TooltipSort)) s.tooltipSort = raw.tooltipSort as TooltipSort;
  if (typeof raw.cardWidth === "number" && raw.cardWidth >= CARD_WIDTH_RANGE.min) s.cardWidth = raw.cardWidth;
  return s;
}

export function saveSettings(settings: Settings, storage: Pick<Storage, "setItem"> | undefined = browserStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Private mode or a full quota: the settings still apply for this page.
  }
}
