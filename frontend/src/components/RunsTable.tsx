/**
 * The runs table: a checkbox and colour per run, then its hyperparameters, the last value of chosen
 * metrics and its start time as columns. Virtualized (@tanstack/react-virtual), so 10,000 runs
 * scroll as smoothly as 10: only the rows on screen are in the DOM.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState } from "react";

import type { RunInfo } from "../lib/api";
import { formatValue, formatWallTime } from "../lib/format";
import { cls } from "../lib/names";
import { makeFilter } from "../lib/regex";
import { cellOf, cellText, hparamColumns, hparamFilter, hparamValues, sortRows, type RunRow, type Sort } from "../lib/runTable";
import { useLastValues } from "../lib/calls/lastValues";
import { checker, setChecked, type Selection } from "../lib/selection";
import { readStored, writeStored } from "../lib/storage";
import type { ViewState } from "../lib/urlState";
import type { RunHParamsResponse } from "../lib/calls/runHParams";
import { SearchInput } from "./SearchInput";
import "./RunsTable.css";

const ROW_HEIGHT = 26;
const WIDTH = { check: 46, name: 170, column: 86, start: 118 } as const;
const COLUMNS_KEY = "trainboard.runColumns";

export interface RunsTableProps {
  runs: readonly RunInfo[];
  hparams: RunHParamsResponse | undefined;
  /** Scalar tags a metric column can show. */
  metricTags: readonly string[];
  colorOf: (run: string) => string;
  /** A colour the user picked for `run`, or null to go back to the assigned one. */
  onPickColor: (run: string, color: string | null) => void;
  picked: Readonly<Record<string, string>>;
  view: ViewState;
  setView: (patch: Partial<ViewState>) => void;
}

function loadColumns(): string[] {
  const v = readStored(COLUMNS_KEY);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function RunsTable(props: RunsTableProps) {
  const { runs, hparams, metricTags, colorOf, onPickColor, picked, view, setView } = props;
  const [sort, setSort] = useState<Sort>({ key: "name", desc: false });
  const [metricCols, setMetricCols] = useState<string[]>(loadColumns);
  const names = useMemo(() => runs.map((r) => r.name), [runs]);
  const selection: Selection = { hiddenRuns: view.hiddenRuns, onlyRuns: view.onlyRuns };
  const isChecked = useMemo(() => checker(selection), [view.hiddenRuns, view.onlyRuns]); // eslint-disable-line react-hooks/exhaustive-deps

  const scalarCols = useMemo(() => metricCols.filter((k) => metricTags.includes(k)), [metricCols, metricTags]);
  const last = useLastValues(names, scalarCols);
  const allRows: RunRow[] = useMemo(
    () =>
      runs.map((r) => {
        const metrics: Record<string, number> = { ...(hparams?.metrics[r.name] ?? {}) };
        for (const tag of scalarCols) {
          const v = last.data?.[tag]?.[r.name];
          if (v !== undefined) metrics[tag] = v;
        }
        return { name: r.name, start: r.start_time, hparams: hparams?.hparams[r.name] ?? {}, metrics };
      }),
    [runs, hparams, scalarCols, last.data],
  );
  const hpNames = useMemo(() => hparamColumns(allRows), [allRows]);
  const hpMetricKeys = useMemo(() => [...new Set(Object.values(hparams?.metrics ?? {}).flatMap((m) => Object.keys(m)))], [hparams]);
  const metricOptions = useMemo(() => [...new Set([...hpMetricKeys, ...metricTags])], [hpMetricKeys, metricTags]);
  const shownMetrics = useMemo(() => metricCols.filter((k) => metricOptions.includes(k)), [metricCols, metricOptions]);

  const nameFilter = useMemo(() => makeFilter(view.runFilter), [view.runFilter]);
  const hpTest = useMemo(() => {
    const byName = new Map(allRows.map((r) => [r.name, r.hparams]));
    return hparamFilter(view.hparamFilter, (run) => byName.get(run));
  }, [allRows, view.hparamFilter]);
  // Sorted once per sort order and row set, then filtered in that order: a keystroke in the filter
  // costs one regex test per run, not a natural sort of 10,000 names.
  const sorted = useMemo(() => sortRows(allRows, sort), [allRows, sort]);
  const matching = useMemo(() => sorted.filter((r) => nameFilter.test(r.name) && hpTest(r.name)), [sorted, nameFilter, hpTest]);
  const listed = useMemo(
    () => (view.onlySelected ? matching.filter((r) => isChecked(r.name)) : matching),
    [matching, view.onlySelected, isChecked],
  );
  const shown = matching.filter((r) => isChecked(r.name)).length;

  const setMany = (changed: readonly string[], on: boolean) => setView(setChecked(selection, names, changed, on));
  const setColumns = (cols: string[]) => {
    setMetricCols(cols);
    writeStored(COLUMNS_KEY, cols);
  };

  const [hpName, hpValue] = view.hparamFilter.includes("=") ? view.hparamFilter.split(/=(.*)/s) : ["", ""];
  const columns = [
    { key: "name", label: "Run", width: WIDTH.name },
    ...hpNames.map((h) => ({ key: `hp:${h}`, label: h, width: WIDTH.column })),
    ...shownMetrics.map((m) => ({ key: `m:${m}`, label: m, width: WIDTH.column })),
    { key: "start", label: "Started", width: WIDTH.start },
  ];
  const totalWidth = WIDTH.check + columns.reduce((n, c) => n + c.width, 0);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: listed.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
  });

  return (
    <section className={cls("runs")} aria-label="Runs">
      <div className={cls("runs-head")}>
        <h2>Runs</h2>
        <span className={cls("muted")} data-testid="run-count">
          {shown} of {runs.length}
        </span>
      </div>
      <SearchInput label="Filter runs (regex)" value={view.runFilter} onChange={(runFilter) => setView({ runFilter })} />
      {nameFilter.error ? <p className={cls("hint-error")}>{nameFilter.error}</p> : null}
      {hpNames.length > 0 ? (
        <div className={cls("rt-hpfilter")}>
          <select aria-label="Filter by hyperparameter" value={hpName} onChange={(e) => setView({ hparamFilter: e.target.value ? `${e.target.value}=${hparamValues(allRows, e.target.value)[0] ?? ""}` : "" })}>
            <option value="">Any hyperparameters</option>
            {hpNames.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
          {hpName ? (
            <select aria-label={`Value of ${hpName}`} value={hpValue} onChange={(e) => setView({ hparamFilter: `${hpName}=${e.target.value}` })}>
              {hparamValues(allRows, hpName).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          ) : null}
        </div>
      ) : null}
      <div className={cls("runs-actions")}>
        <button type="button" className={cls("link")} onClick={() => setMany(matching.map((r) => r.name), true)}>
          All
        </button>
        <button type="button" className={cls("link")} onClick={() => setMany(matching.map((r) => r.name), false)}>
          None
        </button>
        <label className={cls("rt-only")}>
          <input type="checkbox" checked={view.onlySelected} onChange={(e) => setView({ onlySelected: e.target.checked })} />
          Only selected
        </label>
        <select
          className={cls("rt-add")}
          aria-label="Add a metric column"
          value=""
          onChange={(e) => e.target.value && setColumns([...metricCols.filter((c) => c !== e.target.value), e.target.value])}
        >
          <option value="">+ Metric</option>
          {metricOptions
            .filter((m) => !shownMetrics.includes(m))
            .map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
        </select>
        {Object.keys(picked).length > 0 ? (
          <button type="button" className={cls("link")} onClick={() => Object.keys(picked).forEach((r) => onPickColor(r, null))}>
            Reset colours
          </button>
        ) : null}
      </div>
      <div ref={scrollRef} className={cls("rt-scroll")} role="table" aria-label="Runs table" aria-rowcount={listed.length}>
        <div className={cls("rt-head")} role="row" style={{ width: totalWidth }}>
          <span className={cls("rt-cell")} style={{ width: WIDTH.check }} role="columnheader" aria-label="Shown and colour" />
          {columns.map((c) => {
            const active = sort.key === c.key;
            return (
              <span
                key={c.key}
                role="columnheader"
                className={cls("rt-cell", "rt-th", active && "rt-sorted")}
                style={{ width: c.width }}
                aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
                title={c.label}
              >
                <button type="button" onClick={() => setSort({ key: c.key, desc: active ? !sort.desc : false })}>
                  {c.label}
                  {active ? (sort.desc ? " ▼" : " ▲") : ""}
                </button>
                {c.key.startsWith("m:") ? (
                  <button type="button" className={cls("rt-remove")} aria-label={`Remove column ${c.label}`} onClick={() => setColumns(metricCols.filter((m) => `m:${m}` !== c.key))}>
                    ×
                  </button>
                ) : null}
              </span>
            );
          })}
        </div>
        <div style={{ height: virtual.getTotalSize(), width: totalWidth, position: "relative" }}>
          {virtual.getVirtualItems().map((item) => {
            const row = listed[item.index];
            const color = colorOf(row.name);
            return (
              <div
                key={row.name}
                role="row"
                aria-rowindex={item.index + 1}
                data-run={row.name}
                className={cls("rt-row")}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width: totalWidth }}
              >
                <span className={cls("rt-cell", "rt-check")} style={{ width: WIDTH.check }} role="cell">
                  <input
                    type="checkbox"
                    aria-label={row.name}
                    checked={isChecked(row.name)}
                    onChange={(e) => setMany([row.name], e.target.checked)}
                    style={{ accentColor: color }}
                  />
                  <input
                    type="color"
                    className={cls("rt-color")}
                    aria-label={`Colour of ${row.name}`}
                    data-color={color}
                    value={color}
                    onChange={(e) => onPickColor(row.name, e.target.value)}
                  />
                </span>
                {columns.map((c) => {
                  const v = cellOf(row, c.key);
                  const text = c.key === "start" ? (typeof v === "number" ? formatWallTime(v) : "") : typeof v === "number" && c.key.startsWith("m:") ? formatValue(v) : cellText(v);
                  return (
                    <span key={c.key} role="cell" className={cls("rt-cell", c.key !== "name" && "num")} style={{ width: c.width }} title={cellText(v)}>
                      {text}
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
        {runs.length > 0 && listed.length === 0 ? <p className={cls("muted")}>No run matches the filters.</p> : null}
      </div>
    </section>
  );
}
