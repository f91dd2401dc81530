/**
 * The view in the URL's query string, so a copied link reproduces it. Defaults are left out of the
 * URL, which keeps links short and lets a changed default reach old links.
 */
import { clampSmoothing } from "./smoothing";

export type XAxis = "step" | "relative" | "wall";
export const X_AXES: readonly XAxis[] = ["step", "relative", "wall"];

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
  /** Runs the user unchecked; new runs therefore start checked. */
  hiddenRuns: string[];
}

export const DEFAULT_VIEW: ViewState = {
  tab: null,
  runFilter: "",
  tagFilter: "",
  smoothing: null,
  x: "step",
  logY: false,
  ignoreOutliers: false,
  hiddenRuns: [],
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
    hiddenRuns: p.getAll("hide"),
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
  for (const run of view.hiddenRuns) p.append("hide", run);
  const text = p.toString();
  return text ? `?${text}` : "";
}
