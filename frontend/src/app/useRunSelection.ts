/**
 * The runs the shell shows: the run list without torch's trial sub-runs, the runs the table's checks
 * and filters select, their colours (picked ones kept across reloads), and what the dashboard gets,
 * which follows a keystroke in the runs filter later than the table does.
 */
import { useCallback, useDeferredValue, useMemo, useRef, useState } from "react";

import { useDebounced } from "../hooks/useDebounced";
import { useRunHParams } from "../lib/calls/runHParams";
import { useRuns } from "../lib/calls/runs";
import { useTags } from "../lib/calls/tags";
import { assignColors, loadPickedColors, savePickedColors } from "../lib/colors";
import { makeFilter } from "../lib/regex";
import { hparamFilter } from "../lib/runTable";
import { checker } from "../lib/selection";
import { dashboardViewOf, type ViewState } from "../lib/urlState";
import { tableColors } from "./shell";

/** How long typing in the runs filter rests before the charts follow. */
const CHARTS_SETTLE_MS = 150;

export function useRunSelection(view: ViewState) {
  const runsQuery = useRuns();
  const runHParams = useRunHParams();
  const scalarTags = useTags("scalars");
  // torch's add_hparams trial sub-runs (`<run>/<timestamp>`) are their parent's hyperparameters, not
  // runs of their own in the dashboard; trainboard.read and the /data/ routes still list them.
  const runInfos = useMemo(() => {
    const parents = runHParams.data?.parents ?? {};
    return (runsQuery.data?.runs ?? []).filter((r) => !(r.name in parents));
  }, [runsQuery.data, runHParams.data]);
  const runNames = useStableNames(runInfos);
  const metricTags = useMemo(() => [...new Set(Object.values(scalarTags.data?.runs ?? {}).flatMap((t) => Object.keys(t)))].sort(), [scalarTags.data]);
  const [picked, pickColor] = usePickedColors();
  // A keystroke in the runs filter renders the table and its count first (from `view`); the selected
  // runs, their colours and the dashboard follow in a deferred render (from `lagging`), which React
  // can interrupt for the next keystroke.
  const lagging = useDeferredValue(view);
  const selectedRuns = useMemo(() => {
    const { test } = makeFilter(lagging.runFilter);
    const isChecked = checker(lagging);
    const hp = runHParams.data?.hparams ?? {};
    const hpTest = hparamFilter(lagging.hparamFilter, (run) => hp[run]);
    return runNames.filter((r) => isChecked(r) && test(r) && hpTest(r));
  }, [runNames, lagging.runFilter, lagging.hiddenRuns, lagging.onlyRuns, lagging.hparamFilter, runHParams.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const colors = useMemo(() => assignColors(runNames, selectedRuns, picked), [runNames, selectedRuns, picked]);
  const colorOf = useMemo(() => (run: string) => colors.get(run) ?? "#888", [colors]);
  const tableColorOf = useMemo(() => {
    const hp = runHParams.data?.hparams ?? {};
    return tableColors(view.groupBy, selectedRuns, runNames, (run) => hp[run], colorOf);
  }, [view.groupBy, selectedRuns, runNames, runHParams.data, colorOf]);
  // The table and its count follow a keystroke at once; the charts (thousands of runs redraw in a
  // few hundred ms) follow once typing rests, except on the first load, which must not wait.
  const current = useMemo(() => ({ runs: selectedRuns, colorOf }), [selectedRuns, colorOf]);
  const settled = useDebounced(current, CHARTS_SETTLE_MS);
  const shown = settled.runs.length === 0 ? current : settled;
  const dashboardRuns = useDeferredValue(shown.runs);
  const dashboardColorOf = useDeferredValue(shown.colorOf);
  const dashboardViewRef = useRef<ViewState | null>(null);
  const dashboardView = dashboardViewOf(dashboardViewRef.current, view, lagging);
  dashboardViewRef.current = dashboardView;
  return {
    runsQuery,
    runHParams,
    runInfos,
    runNames,
    metricTags,
    picked,
    pickColor,
    tableColorOf,
    dashboard: { runs: dashboardRuns, colorOf: dashboardColorOf, view: dashboardView },
  };
}

/**
 * The run names, the same array while the names are the same, so a refetched run list (or the
 * hparams arriving) does not redraw every chart of a sweep.
 */
function useStableNames(runs: readonly { name: string }[]): string[] {
  const namesRef = useRef<string[]>([]);
  return useMemo(() => {
    const next = runs.map((r) => r.name);
    const prev = namesRef.current;
    if (prev.length === next.length && prev.every((r, i) => r === next[i])) return prev;
    namesRef.current = next;
    return next;
  }, [runs]);
}

/** The colours the user picked per run, saved in the browser; `null` gives the run its own back. */
function usePickedColors() {
  const [picked, setPicked] = useState<Record<string, string>>(loadPickedColors);
  const pickColor = useCallback((run: string, color: string | null) => {
    setPicked((old) => {
      const next = { ...old };
      if (color) next[run] = color;
      else delete next[run];
      savePickedColors(next);
      return next;
    });
  }, []);
  return [picked, pickColor] as const;
}
