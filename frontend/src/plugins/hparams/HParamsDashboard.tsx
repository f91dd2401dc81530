/** The HParams dashboard: a toolbar, then the sessions as a table, parallel coordinates or a scatter matrix. */
import { useMemo } from "react";

import { EmptyState } from "../../components/EmptyState";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { cls } from "../../lib/names";
import type { DashboardProps } from "../../lib/plugin";
import { serializeView } from "../../lib/urlState";
import { type MetricStatistic, type SessionStatus, useHParams } from "./calls/hparams";
import { ColumnsMenu } from "./ColumnsMenu";
import {
  ALL_STATUSES,
  type ColumnFilter,
  type SortState,
  columnsOf,
  defaultHidden,
  runsPattern,
  filterSessions,
  isInactive,
  sortSessions,
} from "./model";
import { ParallelCoordinates } from "./ParallelCoordinates";
import { ScatterMatrix } from "./ScatterMatrix";
import { SessionTable } from "./SessionTable";
import { useKeptState } from "./useKeptState";
import { type TableFilters, decodeFilters, decodeSort, encodeFilters, encodeSort } from "./urlCodec";
import { downloadCsv } from "./csv";
import "./hparams.css";

type Mode = "table" | "parallel" | "scatter";
const MODES: Array<[Mode, string]> = [
  ["table", "Table"],
  ["parallel", "Parallel coordinates"],
  ["scatter", "Scatter matrix"],
];
const STATISTICS: Array<[MetricStatistic, string]> = [
  ["last", "last value"],
  ["min", "minimum"],
  ["max", "maximum"],
];

export default function HParamsDashboard({ view, setView, colorOf }: DashboardProps) {
  const query = useHParams();
  const [mode, setMode] = useKeptState<Mode>("mode", "table");
  const [stat, setStat] = useKeptState<MetricStatistic>("stat", "last");
  // Sort and filters live in the link, so a reload or a shared URL shows the same table.
  const { filters, statuses } = useMemo(() => decodeFilters(view.hpFilters), [view.hpFilters]);
  const sort = useMemo(() => decodeSort(view.hpSort), [view.hpSort]);
  const setSort = (next: SortState) => setView({ hpSort: encodeSort(next) });
  const setTableFilters = (next: Partial<TableFilters>) =>
    setView({ hpFilters: encodeFilters({ filters, statuses, ...next }) });
  const setStatuses = (next: SessionStatus[]) => setTableFilters({ statuses: next });
  const [hiddenChoice, setHidden] = useKeptState<string[] | null>("hidden", null);
  const [order, setOrder] = useKeptState<string[]>("order", []);
  const [colorChoice, setColorBy] = useKeptState<string | null>("colorBy", null);

  const data = query.data;
  const columns = useMemo(() => (data ? columnsOf(data) : []), [data]);
  const sessions = useMemo(() => data?.sessions ?? [], [data]);
  const hidden = useMemo(
    () => new Set(hiddenChoice ?? defaultHidden(columns, sessions.length)),
    [hiddenChoice, columns, sessions.length],
  );
  const visible = useMemo(() => {
    const rank = new Map(order.map((id, i) => [id, i]));
    return columns
      .filter((c) => !hidden.has(c.id))
      .map((c, i) => ({ c, r: rank.get(c.id) ?? order.length + i }))
      .sort((a, b) => a.r - b.r)
      .map(({ c }) => c);
  }, [columns, hidden, order]);
  const matchingSessions = useMemo(
    () => filterSessions(sessions, columns, filters, statuses, stat),
    [sessions, columns, filters, statuses, stat],
  );
  const sorted = useMemo(() => sortSessions(matchingSessions, columns, sort, stat), [matchingSessions, columns, sort, stat]);
  const matching = useMemo(() => new Set(matchingSessions.map((s) => s.run)), [matchingSessions]);
  const metricColumns = columns.filter((c) => c.kind === "metric");
  const colorBy = metricColumns.find((c) => c.id === colorChoice) ?? (colorChoice === "" ? null : metricColumns[0] ?? null);

  if (query.isPending) return <EmptyState title="Loading sessions…" />;
  if (query.isError) {
    return (
      <EmptyState title="Could not load the hparams sessions">
        <p>{query.error.message}</p>
      </EmptyState>
    );
  }
  if (!sessions.length) {
    return (
      <EmptyState title="No sessions yet">
        <p>A run becomes a session when it logs hyperparameters, for example with writer.add_hparams(…).</p>
      </EmptyState>
    );
  }

  const scalarsView = (runs: string[]) => ({ tab: "scalars", runFilter: runsPattern(runs), hiddenRuns: [], onlyRuns: null });
  const openRun = (run: string) => setView(scalarsView([run]));
  const runHref = (run: string) => serializeView({ ...view, ...scalarsView([run]) }) || "?";
  const setFilter = (id: string, filter: ColumnFilter | null) => {
    const next = { ...filters };
    if (filter === null || isInactive(filter)) delete next[id];
    else next[id] = filter;
    setTableFilters({ filters: next });
  };
  const filterCount = Object.keys(filters).length + (statuses.length < ALL_STATUSES.length ? 1 : 0);

  return (
    <div className={cls("hp")}>
      <div className={cls("hp-toolbar")}>
        <div className={cls("segmented")} role="tablist" aria-label="View">
          {MODES.map(([m, label]) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} onClick={() => setMode(m)}>
              {label}
            </button>
          ))}
        </div>
        <label className={cls("hp-field")}>
          Metric value
          <select value={stat} onChange={(e) => setStat(e.target.value as MetricStatistic)}>
            {STATISTICS.map(([s, label]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {mode !== "table" && metricColumns.length ? (
          <label className={cls("hp-field")}>
            Colour by
            <select value={colorBy?.id ?? ""} onChange={(e) => setColorBy(e.target.value)}>
              <option value="">none</option>
              {metricColumns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <fieldset className={cls("hp-statuses")}>
          <legend>Status</legend>
          {ALL_STATUSES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={() => setStatuses(statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s])}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <ColumnsMenu columns={columns} hidden={hidden} onChange={(ids) => setHidden(ids)} />
        <span className={cls("spacer")} />
        <span className={cls("hp-count")} role="status">
          {matchingSessions.length === sessions.length
            ? `${sessions.length} sessions`
            : `${matchingSessions.length} of ${sessions.length} sessions`}
        </span>
        <button
          type="button"
          className={cls("hp-clear")}
          title="Compare the training curves of the sessions that match, in the Scalars dashboard"
          disabled={!matchingSessions.length}
          onClick={() => setView(scalarsView(sorted.map((s) => s.run)))}
        >
          Open {matchingSessions.length === sessions.length ? "all" : matchingSessions.length} in Scalars
        </button>
        <button
          type="button"
          className={cls("hp-clear")}
          title="Download the table as it is filtered and sorted, with the visible columns"
          onClick={() => downloadCsv(visible, sorted, stat)}
        >
          CSV
        </button>
        {filterCount ? (
          <button
            type="button"
            className={cls("hp-clear")}
            onClick={() => setView({ hpFilters: "" })}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      <ErrorBoundary what="This view" key={mode}>
        {mode === "table" ? (
          <SessionTable
            columns={visible}
            allSessions={sessions}
            sessions={sorted}
            stat={stat}
            sort={sort}
            onSort={setSort}
            filters={filters}
            onFilter={setFilter}
            colorOf={colorOf}
            runHref={runHref}
            onOpenRun={openRun}
          />
        ) : mode === "parallel" ? (
          <ParallelCoordinates
            columns={visible}
            allSessions={sessions}
            matching={matching}
            stat={stat}
            filters={filters}
            onFilter={setFilter}
            colorBy={colorBy}
            onReorder={setOrder}
            onOpenRun={openRun}
          />
        ) : (
          <ScatterMatrix
            hparams={visible.filter((c) => c.kind === "hparam")}
            metrics={visible.filter((c) => c.kind === "metric")}
            allSessions={sessions}
            matching={matching}
            stat={stat}
            colorBy={colorBy}
            onOpenRun={openRun}
          />
        )}
      </ErrorBoundary>
    </div>
  );
}
