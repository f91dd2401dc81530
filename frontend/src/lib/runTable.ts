/**
 * The runs table's model: one row per dashboard run with its start time, hyperparameters and the last
 * value of chosen metrics; sorting by any column (names in natural order, seed2 before seed10) and
 * the filters a sweep needs (name regex, a hyperparameter's value).
 */
import { naturalCompare } from "./colors";
import { formatValue, formatWallTime } from "./format";

export type Cell = number | string | boolean | null | undefined;

export interface RunRow {
  name: string;
  start: number | null;
  hparams: Readonly<Record<string, Cell>>;
  /** Last values by metric key (a scalar tag, or an hparams metric). */
  metrics: Readonly<Record<string, number>>;
}

/** "name", "start", "hp:<name>" or "m:<key>". */
export type ColumnKey = string;

export interface Sort {
  key: ColumnKey;
  desc: boolean;
}

export function cellOf(row: RunRow, key: ColumnKey): Cell {
  if (key === "name") return row.name;
  if (key === "start") return row.start;
  if (key.startsWith("hp:")) return row.hparams[key.slice(3)];
  if (key.startsWith("m:")) return row.metrics[key.slice(2)];
  return undefined;
}

/** Numbers by value, text naturally, booleans false first; empty cells last in either direction. */
export function compareCells(a: Cell, b: Cell): number {
  const emptyA = a === null || a === undefined || (typeof a === "number" && Number.isNaN(a));
  const emptyB = b === null || b === undefined || (typeof b === "number" && Number.isNaN(b));
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return naturalCompare(String(a), String(b));
}

export function sortRows(rows: readonly RunRow[], sort: Sort): RunRow[] {
  const dir = sort.desc ? -1 : 1;
  return [...rows].sort((r, s) => {
    const a = cellOf(r, sort.key);
    const b = cellOf(s, sort.key);
    const empty = (v: Cell) => v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
    // Empty cells stay at the bottom whichever way the column is sorted.
    if (empty(a) || empty(b)) return compareCells(a, b) || naturalCompare(r.name, s.name);
    return dir * compareCells(a, b) || naturalCompare(r.name, s.name);
  });
}

/** The text a cell is shown and filtered by. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return String(v);
}

/** "lr=0.001" -> a test of a run's hyperparameter value (by its shown text); "" passes every run. */
export function hparamFilter(spec: string, hparamsOf: (run: string) => Readonly<Record<string, Cell>> | undefined) {
  const at = spec.indexOf("=");
  if (!spec || at < 1) return () => true;
  const name = spec.slice(0, at);
  const value = spec.slice(at + 1);
  return (run: string) => cellText(hparamsOf(run)?.[name]) === value;
}

/** Hyperparameter names worth a column: those whose values differ across runs come first. */
export function hparamColumns(rows: readonly RunRow[]): string[] {
  const values = new Map<string, Set<string>>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.hparams)) {
      let set = values.get(k);
      if (!set) values.set(k, (set = new Set()));
      set.add(cellText(v));
    }
  }
  return [...values.keys()].sort((a, b) => (values.get(b)!.size > 1 ? 1 : 0) - (values.get(a)!.size > 1 ? 1 : 0) || naturalCompare(a, b));
}

/** The distinct shown values of one hyperparameter, in natural order. */
export function hparamValues(rows: readonly RunRow[], name: string): string[] {
  const set = new Set<string>();
  for (const r of rows) if (r.hparams[name] !== undefined) set.add(cellText(r.hparams[name]));
  return [...set].sort(naturalCompare);
}

/**
 * One row per run: its start, hyperparameters and metric values, the hparams plugin's metrics
 * overridden by the last values of the scalar columns the user added (`last[tag][run]`).
 */
export function runRows(
  runs: readonly { name: string; start_time: number | null }[],
  hparams: { hparams: Record<string, Record<string, Cell>>; metrics: Record<string, Record<string, number>> } | undefined,
  scalarColumns: readonly string[],
  last: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined,
): RunRow[] {
  return runs.map((r) => {
    const metrics: Record<string, number> = { ...(hparams?.metrics[r.name] ?? {}) };
    for (const tag of scalarColumns) {
      const v = last?.[tag]?.[r.name];
      if (v !== undefined) metrics[tag] = v;
    }
    return { name: r.name, start: r.start_time, hparams: hparams?.hparams[r.name] ?? {}, metrics };
  });
}

/** Column widths in pixels: the check and colour cell, the name, a hyperparameter or metric, the start. */
export const COLUMN_WIDTH = { check: 46, name: 170, column: 86, start: 118 } as const;

export interface TableColumn {
  key: ColumnKey;
  label: string;
  width: number;
}

/** The table's columns: the name, each hyperparameter, each metric shown, the start time. */
export function tableColumns(hparamNames: readonly string[], metrics: readonly string[]): TableColumn[] {
  return [
    { key: "name", label: "Run", width: COLUMN_WIDTH.name },
    ...hparamNames.map((h) => ({ key: `hp:${h}`, label: h, width: COLUMN_WIDTH.column })),
    ...metrics.map((m) => ({ key: `m:${m}`, label: m, width: COLUMN_WIDTH.column })),
    { key: "start", label: "Started", width: COLUMN_WIDTH.start },
  ];
}

/** What a cell shows: the start as a wall time, a metric's number rounded, anything else as text. */
export function cellDisplay(row: RunRow, key: ColumnKey): string {
  const v = cellOf(row, key);
  if (key === "start") return typeof v === "number" ? formatWallTime(v) : "";
  if (typeof v === "number" && key.startsWith("m:")) return formatValue(v);
  return cellText(v);
}
