/**
 * The table's sort and filters as the short strings the link keeps (`hpsort`, `hpfilter`). A pasted
 * link is hostile: anything that does not decode to a valid sort or filter is dropped, not trusted.
 */
import type { SessionStatus } from "./calls/hparams";
import { ALL_STATUSES, type ColumnFilter, type Filters, type SortState } from "./model";

export const DEFAULT_SORT: SortState = { by: "run", dir: 1 };

/** "" for the default (run, ascending), else the column id with a leading "-" when descending. */
export function encodeSort(sort: SortState): string {
  if (sort.by === DEFAULT_SORT.by && sort.dir === DEFAULT_SORT.dir) return "";
  return `${sort.dir === -1 ? "-" : ""}${sort.by}`;
}

export function decodeSort(text: string): SortState {
  if (!text || text === "-") return DEFAULT_SORT;
  return text.startsWith("-") ? { by: text.slice(1), dir: -1 } : { by: text, dir: 1 };
}

export interface TableFilters {
  filters: Filters;
  statuses: SessionStatus[];
}

/** JSON of the active filters and, when some status is unticked, the ticked ones; "" when none. */
export function encodeFilters({ filters, statuses }: TableFilters): string {
  const all = ALL_STATUSES.every((s) => statuses.includes(s));
  if (!Object.keys(filters).length && all) return "";
  return JSON.stringify(all ? { columns: filters } : { columns: filters, status: statuses });
}

export function decodeFilters(text: string): TableFilters {
  const empty: TableFilters = { filters: {}, statuses: ALL_STATUSES };
  if (!text) return empty;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return empty;
  }
  if (!isObject(raw)) return empty;
  const filters: Filters = {};
  if (isObject(raw.columns)) {
    for (const [id, f] of Object.entries(raw.columns)) {
      const filter = decodeFilter(f);
      if (filter) filters[id] = filter;
    }
  }
  const statuses = Array.isArray(raw.status)
    ? ALL_STATUSES.filter((s) => (raw.status as unknown[]).includes(s))
    : ALL_STATUSES;
  return { filters, statuses };
}

function decodeFilter(f: unknown): ColumnFilter | null {
  if (!isObject(f)) return null;
  const bound = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  if (f.kind === "range") return { kind: "range", min: bound(f.min), max: bound(f.max) };
  if (f.kind === "values" && Array.isArray(f.values)) {
    return { kind: "values", values: f.values.filter((v): v is string => typeof v === "string") };
  }
  if (f.kind === "text" && typeof f.pattern === "string") return { kind: "text", pattern: f.pattern };
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
