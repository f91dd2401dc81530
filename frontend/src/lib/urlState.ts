/**
 * The view in the URL's query string, so a copied link reproduces it. Defaults are left out of the
 * URL, which keeps links short and lets a changed default reach old links.
 */
import { parseCard, serializeCard, X_AXES, type CardView, type XAxis } from "./cardView";
import { clampSmoothing } from "./smoothing";

export { X_AXES, type CardView, type XAxis };

export interface ViewState {
  /** The active dashboard; null shows the first one with data. */
  tab: string | null;
  runFilter: string;
  tagFilter: string;
  /** null means "the default smoothing from the settings panel". */
  smoothing: number | null;
  x: XAxis;
  logY: boolean;
  ignoreOutliers: boolean;
  /** Runs the user unchecked; new runs therefore start checked. Ignored while onlyRuns is set. */
  hiddenRuns: string[];
  /**
   * The checked runs, when that list is the shorter one (hiding 198 of 200 runs keeps 2 names in the
   * URL, not 198); null when hiddenRuns says what is unchecked. See lib/selection.ts.
   */
  onlyRuns: string[] | null;
  /** "name=value": only runs whose hyperparameter has that value; "" for no filter. */
  hparamFilter: string;
  /** The runs table lists only the checked runs. */
  onlySelected: boolean;
  /** How runs are grouped into one line each: "" (not), "prefix", "re:<regex>", "hp:<name>". */
  groupBy: string;
  groupStat: GroupStat;
  groupBand: GroupBand;
  /** The HParams table's sort, as its dashboard encodes it ("" for its default). */
  hpSort: string;
  /** The HParams column and status filters, as its dashboard encodes them ("" for none). */
  hpFilters: string;
  /** Tags whose cards are pinned above the groups, in pinning order. */
  pinned: string[];
  /** The tag whose card is expanded to the full width, or null. */
  expanded: string | null;
  /** Each card's own settings by tag (lib/cardView.ts). */
  cards: Record<string, CardView>;
}

export type GroupStat = "mean" | "median";
export type GroupBand = "minmax" | "std" | "sem" | "none";
export const GROUP_STATS: readonly GroupStat[] = ["mean", "median"];
export const GROUP_BANDS: readonly GroupBand[] = ["minmax", "std", "sem", "none"];

export const DEFAULT_VIEW: ViewState = {
  tab: null,
  runFilter: "",
  tagFilter: "",
  smoothing: null,
  x: "step",
  logY: false,
  ignoreOutliers: false,
  hiddenRuns: [],
  onlyRuns: null,
  hparamFilter: "",
  onlySelected: false,
  groupBy: "",
  groupStat: "mean",
  groupBand: "std",
  hpSort: "",
  hpFilters: "",
  pinned: [],
  expanded: null,
  cards: {},
};

export function parseView(search: string): ViewState {
  const p = new URLSearchParams(search);
  const smoothingText = p.get("smoothing");
  const smoothingValue = smoothingText === null ? NaN : Number(smoothingText);
  const x = p.get("x");
  return {
    tab: p.get("tab") || null,
    runFilter: p.get("runFilter") ?? "",
    tagFilter: p.get("tagFilter") ?? "",
    smoothing: smoothingText !== null && Number.isFinite(smoothingValue) ? clampSmoothing(smoothingValue) : null,
    x: X_AXES.includes(x as XAxis) ? (x as XAxis) : "step",
    logY: p.get("logY") === "1",
    ignoreOutliers: p.get("outliers") === "1",
    hiddenRuns: p.has("only") ? [] : p.getAll("hide"),
    onlyRuns: p.has("only") ? p.getAll("run") : null,
    hparamFilter: p.get("hp") ?? "",
    onlySelected: p.get("onlySelected") === "1",
    groupBy: p.get("group") ?? "",
    groupStat: GROUP_STATS.includes(p.get("stat") as GroupStat) ? (p.get("stat") as GroupStat) : "mean",
    groupBand: GROUP_BANDS.includes(p.get("band") as GroupBand) ? (p.get("band") as GroupBand) : "std",
    hpSort: p.get("hpsort") ?? "",
    hpFilters: p.get("hpfilter") ?? "",
    pinned: [...new Set(p.getAll("pin").filter(Boolean))],
    expanded: p.get("expand") || null,
    cards: Object.fromEntries(p.getAll("card").flatMap((text) => {
      const card = parseCard(text);
      return card ? [card] : [];
    })),
  };
}

/** The query string for a view ("" for the default view), parameters in a stable order. */
export function serializeView(view: ViewState): string {
  const p = new URLSearchParams();
  if (view.tab) p.set("tab", view.tab);
  if (view.runFilter) p.set("runFilter", view.runFilter);
  if (view.tagFilter) p.set("tagFilter", view.tagFilter);
  if (view.smoothing !== null) p.set("smoothing", String(view.smoothing));
  if (view.x !== "step") p.set("x", view.x);
  if (view.logY) p.set("logY", "1");
  if (view.ignoreOutliers) p.set("outliers", "1");
  if (view.onlyRuns) {
    p.set("only", "1");
    for (const run of view.onlyRuns) p.append("run", run);
  } else {
    for (const run of view.hiddenRuns) p.append("hide", run);
  }
  if (view.hparamFilter) p.set("hp", view.hparamFilter);
  if (view.onlySelected) p.set("onlySelected", "1");
  if (view.groupBy) p.set("group", view.groupBy);
  if (view.groupStat !== "mean") p.set("stat", view.groupStat);
  if (view.groupBand !== "std") p.set("band", view.groupBand);
  if (view.hpSort) p.set("hpsort", view.hpSort);
  if (view.hpFilters) p.set("hpfilter", view.hpFilters);
  for (const tag of view.pinned) p.append("pin", tag);
  if (view.expanded) p.set("expand", view.expanded);
  for (const [tag, card] of Object.entries(view.cards)) {
    const text = serializeCard(tag, card);
    if (text) p.append("card", text);
  }
  const text = p.toString();
  return text ? `?${text}` : "";
}

/** The fields only the runs table edits; the dashboards see their effect through the runs they get. */
export const RUN_SELECTION_KEYS = ["runFilter", "hparamFilter", "hiddenRuns", "onlyRuns", "onlySelected"] as const;

/**
 * The view a dashboard renders: `prev` itself while only the run-selection fields changed (no
 * dashboard reads them; the runs they select reach it as its `runs`), so a keystroke in the runs
 * filter re-renders no chart card; otherwise `view`, with those fields from `lagging` (a deferred copy).
 */
export function dashboardViewOf(prev: ViewState | null, view: ViewState, lagging: ViewState): ViewState {
  const selection = new Set<string>(RUN_SELECTION_KEYS);
  const keys = (Object.keys(view) as (keyof ViewState)[]).filter((k) => !selection.has(k));
  if (prev && keys.every((k) => view[k] === prev[k])) return prev;
  const next: ViewState = { ...view };
  for (const key of RUN_SELECTION_KEYS) (next as unknown as Record<string, unknown>)[key] = lagging[key];
  return next;
}
