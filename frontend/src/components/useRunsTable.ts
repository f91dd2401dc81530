/** The runs table's state: its rows (sorted, then filtered), the chosen metric columns, the checks. */
import { useMemo, useState } from "react";

import { useLastValues } from "../lib/calls/lastValues";
import { makeFilter } from "../lib/regex";
import { hparamColumns, hparamFilter, runRows, sortRows, type Sort } from "../lib/runTable";
import { checker, setChecked, type Selection } from "../lib/selection";
import { readStored, writeStored } from "../lib/storage";
import type { RunsTableProps } from "./RunsTable";

const COLUMNS_KEY = "trainboard.runColumns";

function loadColumns(): string[] {
  const v = readStored(COLUMNS_KEY);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function useRunsTable({ runs, hparams, metricTags, view, setView }: RunsTableProps) {
  const [sort, setSort] = useState<Sort>({ key: "name", desc: false });
  const [metricCols, setMetricCols] = useState<string[]>(loadColumns);
  const names = useMemo(() => runs.map((r) => r.name), [runs]);
  const selection: Selection = { hiddenRuns: view.hiddenRuns, onlyRuns: view.onlyRuns };
  const isChecked = useMemo(() => checker(selection), [view.hiddenRuns, view.onlyRuns]); // eslint-disable-line react-hooks/exhaustive-deps

  const scalarCols = useMemo(() => metricCols.filter((k) => metricTags.includes(k)), [metricCols, metricTags]);
  const last = useLastValues(names, scalarCols);
  const allRows = useMemo(() => runRows(runs, hparams, scalarCols, last.data), [runs, hparams, scalarCols, last.data]);
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

  return { sort, setSort, isChecked, allRows, hpNames, metricCols, metricOptions, shownMetrics, nameFilter, matching, listed, shown, setMany, setColumns };
}
