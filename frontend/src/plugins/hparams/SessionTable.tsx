/** The sessions as a table: click a header cell to sort, type in the row under it to filter, runs open Scalars. */
import { formatValue } from "../../lib/format";
import { cls } from "../../lib/names";
import type { HParamValue, MetricStatistic, Session } from "./calls/hparams";
import { ColumnFilterInput } from "./ColumnFilterInput";
import { type Column, type ColumnFilter, type Filters, type SortState, cellValue, valueLabel } from "./model";

export interface SessionTableProps {
  columns: Column[];
  /** Every session, for the filter inputs' choices. */
  allSessions: Session[];
  /** The sessions to show, already filtered and sorted. */
  sessions: Session[];
  stat: MetricStatistic;
  sort: SortState;
  onSort: (sort: SortState) => void;
  filters: Filters;
  onFilter: (columnId: string, filter: ColumnFilter | null) => void;
  colorOf: (run: string) => string;
  runHref: (run: string) => string;
  onOpenRun: (run: string) => void;
}

export function SessionTable(props: SessionTableProps) {
  const { columns, sessions, stat, sort, onSort } = props;
  const header = (id: string, label: string, title: string, numeric: boolean, metric = false) => {
    const active = sort.by === id;
    return (
      <th
        key={id}
        scope="col"
        className={cls(numeric && "num", metric && "hp-metric-head")}
        aria-sort={active ? (sort.dir === 1 ? "ascending" : "descending") : "none"}
        title={title}
        // The whole cell sorts; the button inside is what the keyboard reaches (its click bubbles here).
        onClick={() => onSort({ by: id, dir: active && sort.dir === 1 ? -1 : 1 })}
      >
        <button type="button" className={cls("hp-sort")}>
          {label}
          <span className={cls("hp-sort-mark")} aria-hidden="true">
            {active ? (sort.dir === 1 ? "▲" : "▼") : ""}
          </span>
        </button>
      </th>
    );
  };
  return (
    <div className={cls("hp-table-wrap")}>
      <table className={cls("hp-table")} aria-label="Sessions">
        <thead>
          <tr>
            {header("run", "Run", "The session's run; click one to see its scalars", false)}
            {columns.map((c) =>
              header(
                c.id,
                c.label,
                `${c.kind === "metric" ? `Metric (${stat} value)` : "Hyperparameter"}: ${c.name}`,
                c.type === "number",
                c.kind === "metric",
              ),
            )}
            {header("status", "Status", "How the trial ended", false)}
          </tr>
          <tr className={cls("hp-filter-row")}>
            <td />
            {columns.map((c) => (
              <td key={c.id}>
                <ColumnFilterInput
                  column={c}
                  sessions={props.allSessions}
                  filter={props.filters[c.id]}
                  onChange={(f) => props.onFilter(c.id, f)}
                />
              </td>
            ))}
            <td />
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.run}>
              <th scope="row" className={cls("hp-run")}>
                <span className={cls("hp-swatch")} style={{ background: props.colorOf(s.run) }} />
                <a
                  href={props.runHref(s.run)}
                  title={`Show the scalars of ${s.run}`}
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    props.onOpenRun(s.run);
                  }}
                >
                  {s.run}
                </a>
              </th>
              {columns.map((c) => (
                <Cell key={c.id} value={cellValue(s, c, stat)} numeric={c.type === "number"} />
              ))}
              <td>
                <span className={cls("hp-status", `hp-status-${s.status}`)}>{s.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ value, numeric }: { value: HParamValue; numeric: boolean }) {
  if (typeof value === "number") {
    return (
      <td className={cls("num")} title={String(value)}>
        {formatValue(value)}
      </td>
    );
  }
  return <td className={cls(numeric && "num", value === null && "hp-missing")}>{valueLabel(value)}</td>;
}
