/**
 * The HParams table as data: columns (hyperparameters, then metrics), per-column filters, sorting.
 * The table, the parallel coordinates and the scatter matrix all read sessions through these functions,
 * so a brush on an axis and a filter typed in the table are one and the same filter.
 */
import { makeFilter } from "../../lib/regex";
import type { HParamDomain, HParamsResponse, HParamValue, MetricStatistic, Session, SessionStatus } from "./calls/hparams";

export type ColumnKind = "hparam" | "metric";

export interface Column {
  /** "h:<name>" or "m:<key>": unique even when a metric is named like a hyperparameter. */
  id: string;
  kind: ColumnKind;
  /** The hyperparameter name or the metric key. */
  name: string;
  label: string;
  type: "number" | "string" | "bool";
  domain: HParamDomain;
  /** False for a hyperparameter every session shares. */
  differs: boolean;
}

/** Numbers keep a range; discrete columns keep the chosen values (as valueKey strings); text a regex. */
export type ColumnFilter =
  | { kind: "range"; min: number | null; max: number | null }
  | { kind: "values"; values: string[] }
  | { kind: "text"; pattern: string };

export type Filters = Record<string, ColumnFilter>;

export interface SortState {
  /** "run" or a column id. */
  by: string;
  dir: 1 | -1;
}

/** What both session charts (parallel coordinates, scatter matrix) take from the dashboard. */
export interface SessionChartProps {
  /** Every session, the filtered-out ones included (they are drawn grey). */
  allSessions: Session[];
  /** The runs of the sessions that pass the filters. */
  matching: Set<string>;
  stat: MetricStatistic;
  colorBy: Column | null;
  onOpenRun: (run: string) => void;
}

export const ALL_STATUSES: SessionStatus[] = ["success", "failure", "running", "unknown"];

export function columnsOf(data: HParamsResponse): Column[] {
  const hparams: Column[] = data.hparams.map((h) => ({
    id: `h:${h.name}`,
    kind: "hparam",
    name: h.name,
    label: h.display_name || h.name,
    type: h.type,
    domain: h.domain,
    differs: h.differs,
  }));
  const metrics: Column[] = data.metrics.map((m) => ({
    id: `m:${m.key}`,
    kind: "metric",
    name: m.key,
    label: m.display_name || m.key,
    type: "number",
    domain: null,
    differs: true,
  }));
  return [...hparams, ...metrics];
}

/** The session's value in a column; a metric shows its last value, or its min or max over the run. */
export function cellValue(session: Session, column: Column, stat: MetricStatistic): HParamValue {
  if (column.kind === "hparam") return session.hparams[column.name] ?? null;
  const metric = session.metrics[column.name];
  return metric ? metric[stat] : null;
}

/** A stable string for a discrete value: true and "true" stay apart. */
export function valueKey(value: HParamValue): string {
  return typeof value === "string" ? `s:${value}` : `${typeof value}:${String(value)}`;
}

export function valueLabel(value: HParamValue): string {
  return value === null ? "–" : String(value);
}

/** Columns shown as categories (strings, bools) rather than on a number line. */
export function isCategorical(column: Column): boolean {
  return column.type !== "number";
}

/** The distinct values of a categorical column: its declared domain first, then any other value seen. */
export function categoriesOf(column: Column, sessions: Session[]): HParamValue[] {
  const seen = new Map<string, HParamValue>();
  if (column.domain?.kind === "discrete") for (const v of column.domain.values) seen.set(valueKey(v), v);
  for (const s of sessions) {
    const v = column.kind === "hparam" ? (s.hparams[column.name] ?? null) : null;
    if (v !== null && !seen.has(valueKey(v))) seen.set(valueKey(v), v);
  }
  return [...seen.values()];
}

export function passesFilter(value: HParamValue, filter: ColumnFilter | undefined): boolean {
  if (!filter) return true;
  switch (filter.kind) {
    case "range": {
      if (filter.min === null && filter.max === null) return true;
      if (typeof value !== "number" || Number.isNaN(value)) return false;
      return (filter.min === null || value >= filter.min) && (filter.max === null || value <= filter.max);
    }
    case "values":
      return filter.values.includes(valueKey(value));
    case "text":
      return makeFilter(filter.pattern).test(valueLabel(value));
  }
}

/** True when the filter lets every session through (an emptied box, say), so it can be dropped. */
export function isInactive(filter: ColumnFilter): boolean {
  return (
    (filter.kind === "range" && filter.min === null && filter.max === null) ||
    (filter.kind === "text" && filter.pattern === "")
  );
}

export function filterSessions(
  sessions: Session[],
  columns: Column[],
  filters: Filters,
  statuses: SessionStatus[],
  stat: MetricStatistic,
): Session[] {
  const active = columns.filter((c) => filters[c.id] && !isInactive(filters[c.id]));
  return sessions.filter(
    (s) => statuses.includes(s.status) && active.every((c) => passesFilter(cellValue(s, c, stat), filters[c.id])),
  );
}

/** Sorted copy; sessions without a value sort last in both directions, as a spreadsheet does. */
export function sortSessions(sessions: Session[], columns: Column[], sort: SortState, stat: MetricStatistic): Session[] {
  const column = columns.find((c) => c.id === sort.by);
  const key = (s: Session): HParamValue => (column ? cellValue(s, column, stat) : s.run);
  return [...sessions].sort((a, b) => {
    const va = key(a);
    const vb = key(b);
    const ma = va === null || (typeof va === "number" && Number.isNaN(va));
    const mb = vb === null || (typeof vb === "number" && Number.isNaN(vb));
    if (ma || mb) return ma === mb ? a.run.localeCompare(b.run) : ma ? 1 : -1;
    let order: number;
    if (typeof va === "number" && typeof vb === "number") order = va - vb;
    else order = String(va).localeCompare(String(vb), undefined, { numeric: true });
    return order * sort.dir || a.run.localeCompare(b.run);
  });
}

/** The columns to start with hidden: hyperparameters every session shares say nothing about the trials. */
export function defaultHidden(columns: Column[], sessionCount: number): string[] {
  if (sessionCount < 2) return [];
  const constant = columns.filter((c) => c.kind === "hparam" && !c.differs).map((c) => c.id);
  return constant.length < columns.length ? constant : [];
}

/**
 * A run filter for the Scalars dashboard matching exactly these runs and the runs below them (TF's
 * hparams_api keeps a session's metrics in sub-runs such as `<session>/validation`).
 */
export function runsPattern(runs: string[]): string {
  const escaped = runs.map((run) => run.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return `^(?:${escaped.join("|")})(?:/|$)`;
}
