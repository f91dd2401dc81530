/**
 * The runs table: a checkbox and colour per run, then its hyperparameters, the last value of chosen
 * metrics and its start time as columns (RunsGrid draws them), with the filters and actions above.
 */
import type { RunInfo } from "../lib/api";
import type { RunHParamsResponse } from "../lib/calls/runHParams";
import { cls } from "../lib/names";
import { hparamValues, tableColumns, type RunRow } from "../lib/runTable";
import type { ViewState } from "../lib/urlState";
import { MetricPicker } from "./MetricPicker";
import { RunsGrid } from "./RunsGrid";
import { SearchInput } from "./SearchInput";
import "./RunsTable.css";
import { useRunsTable } from "./useRunsTable";

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

export function RunsTable(props: RunsTableProps) {
  const { runs, colorOf, onPickColor, picked, view, setView } = props;
  const t = useRunsTable(props);
  const { nameFilter, hpNames, allRows, matching, metricOptions, shownMetrics, metricCols, setMany, setColumns } = t;

  return (
    <section className={cls("runs")} aria-label="Runs">
      <div className={cls("runs-head")}>
        <h2>Runs</h2>
        <span className={cls("muted")} data-testid="run-count">
          {t.shown} of {runs.length}
        </span>
      </div>
      <SearchInput label="Filter runs (regex)" value={view.runFilter} onChange={(runFilter) => setView({ runFilter })} />
      {nameFilter.error ? <p className={cls("hint-error")}>{nameFilter.error}</p> : null}
      {hpNames.length > 0 ? (
        <HParamFilter rows={allRows} names={hpNames} value={view.hparamFilter} onChange={(hparamFilter) => setView({ hparamFilter })} />
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
        <MetricPicker
          choices={metricOptions.filter((m) => !shownMetrics.includes(m))}
          onPick={(metric) => setColumns([...metricCols.filter((c) => c !== metric), metric])}
        />
        {Object.keys(picked).length > 0 ? (
          <button type="button" className={cls("link")} onClick={() => Object.keys(picked).forEach((r) => onPickColor(r, null))}>
            Reset colours
          </button>
        ) : null}
      </div>
      <RunsGrid
        rows={t.listed}
        columns={tableColumns(hpNames, shownMetrics)}
        sort={t.sort}
        onSort={t.setSort}
        onRemoveColumn={(key) => setColumns(metricCols.filter((m) => `m:${m}` !== key))}
        isChecked={t.isChecked}
        onCheck={(run, on) => setMany([run], on)}
        colorOf={colorOf}
        onPickColor={onPickColor}
        emptyText={runs.length > 0 && t.listed.length === 0 ? "No run matches the filters." : null}
      />
    </section>
  );
}

/** "Any hyperparameters", or one hyperparameter and one of its values (`name=value`). */
function HParamFilter({ rows, names, value, onChange }: { rows: readonly RunRow[]; names: readonly string[]; value: string; onChange: (spec: string) => void }) {
  const [name, chosen] = value.includes("=") ? value.split(/=(.*)/s) : ["", ""];
  return (
    <div className={cls("rt-hpfilter")}>
      <select className={cls("select")} aria-label="Filter by hyperparameter" value={name} onChange={(e) => onChange(e.target.value ? `${e.target.value}=${hparamValues(rows, e.target.value)[0] ?? ""}` : "")}>
        <option value="">Any hyperparameters</option>
        {names.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
      {name ? (
        <select className={cls("select")} aria-label={`Value of ${name}`} value={chosen} onChange={(e) => onChange(`${name}=${e.target.value}`)}>
          {hparamValues(rows, name).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : null}
    </div>
  );
}
