/** The shell: header with tabs and live status, the run list, settings, and the active dashboard. */
import { useQueryClient } from "@tanstack/react-query";
import { Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";

import { CodeSample, EmptyState } from "../components/EmptyState";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { LiveIndicator } from "../components/LiveIndicator";
import { ReadWarnings } from "../components/ReadWarnings";
import { RunsTable } from "../components/RunsTable";
import { useDebounced } from "../hooks/useDebounced";
import { useLiveUpdates } from "../hooks/useLiveUpdates";
import { useSettings } from "../hooks/useSettings";
import { useTheme } from "../hooks/useTheme";
import { useUrlState } from "../hooks/useUrlState";
import { useWaitingRuns } from "../hooks/useWaitingRuns";
import { assignColors, loadPickedColors, savePickedColors } from "../lib/colors";
import { groupRuns } from "../lib/groups";
import { cls } from "../lib/names";
import type { PluginDefinition } from "../lib/plugin";
import { tagsQuery, useTags } from "../lib/calls/tags";
import { useEnvironment } from "../lib/calls/environment";
import { usePlugins } from "../lib/calls/plugins";
import { useRunHParams } from "../lib/calls/runHParams";
import { useRuns } from "../lib/calls/runs";
import { makeFilter } from "../lib/regex";
import { hparamFilter } from "../lib/runTable";
import { checker } from "../lib/selection";
import { setTooltipSort } from "../lib/tooltipSort";
import { dashboardViewOf, type ViewState } from "../lib/urlState";
import { waitingMessage } from "../lib/waitingRuns";
import { PLUGINS } from "./plugins";
import { SettingsPanel } from "./SettingsPanel";
import { Tabs } from "./Tabs";

const FIRST_STEPS = `from torch.utils.tensorboard import SummaryWriter
# or: from trainboard import SummaryWriter

writer = SummaryWriter("logs/my-run")
for step in range(100):
    writer.add_scalar("loss/train", 1 / (step + 1), step)
writer.close()`;

/** How long typing in the runs filter rests before the charts follow. */
const CHARTS_SETTLE_MS = 150;

export function App() {
  const [view, setView] = useUrlState();
  const [settings, setSettings] = useSettings();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const theme = useTheme(settings.theme);
  setTooltipSort(settings.tooltipSort);
  const live = useLiveUpdates(settings.live, settings.reloadPeriod);

  const environment = useEnvironment();
  const plugins = usePlugins();
  const runsQuery = useRuns();

  const waiting = waitingMessage(useWaitingRuns(runsQuery.data, runsQuery.dataUpdatedAt));
  const runHParams = useRunHParams();
  const scalarTags = useTags("scalars");
  // torch's add_hparams trial sub-runs (`<run>/<timestamp>`) are their parent's hyperparameters, not
  // runs of their own in the dashboard; trainboard.read and the /data/ routes still list them.
  const runInfos = useMemo(() => {
    const parents = runHParams.data?.parents ?? {};
    return (runsQuery.data?.runs ?? []).filter((r) => !(r.name in parents));
  }, [runsQuery.data, runHParams.data]);
  // The same names keep the same array, so a refetched run list (or the hparams arriving) does not
  // redraw every chart of a sweep.
  const namesRef = useRef<string[]>([]);
  const runNames = useMemo(() => {
    const next = runInfos.map((r) => r.name);
    const prev = namesRef.current;
    if (prev.length === next.length && prev.every((r, i) => r === next[i])) return prev;
    namesRef.current = next;
    return next;
  }, [runInfos]);
  const metricTags = useMemo(() => [...new Set(Object.values(scalarTags.data?.runs ?? {}).flatMap((t) => Object.keys(t)))].sort(), [scalarTags.data]);
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
  // Grouped, the table shows each run in its group's colour: the colour of the group's line, assigned
  // over the visible groups' names as the scalar cards assign it.
  const tableColorOf = useMemo(() => {
    if (!view.groupBy) return colorOf;
    const hp = runHParams.data?.hparams ?? {};
    const visible = groupRuns(selectedRuns, view.groupBy, (run) => hp[run]);
    if (!visible) return colorOf;
    const groupColors = assignColors(visible.map((g) => g.name));
    const groupOf = new Map<string, string>();
    for (const g of groupRuns(runNames, view.groupBy, (run) => hp[run]) ?? []) for (const run of g.runs) groupOf.set(run, g.name);
    return (run: string) => groupColors.get(groupOf.get(run) ?? "") ?? colorOf(run);
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

  const { withData, withoutData } = useMemo(() => splitByData(plugins.data), [plugins.data]);
  const activeName = view.tab ?? withData[0]?.name ?? PLUGINS[0]?.name ?? null;
  const active = PLUGINS.find((p) => p.name === activeName) ?? null;

  // The dashboard asks for its tags only once the runs are in; asking now saves a round trip.
  const client = useQueryClient();
  useEffect(() => {
    if (activeName) void client.prefetchQuery(tagsQuery(activeName));
  }, [client, activeName]);

  useEffect(() => {
    if (environment.data?.window_title) document.title = environment.data.window_title;
  }, [environment.data?.window_title]);

  // The same element while its props are the same: React then skips the dashboard when only the
  // runs table changed.
  const Dashboard = active?.component;
  const dashboard = useMemo(
    () => (Dashboard ? <Dashboard runs={dashboardRuns} colorOf={dashboardColorOf} view={dashboardView} setView={setView} settings={settings} theme={theme} /> : null),
    [Dashboard, dashboardRuns, dashboardColorOf, dashboardView, setView, settings, theme],
  );

  const logdir = environment.data?.logdirs.join(", ") ?? "";
  let body;
  let waitingShown = false;
  if (environment.isError || runsQuery.isError) {
    body = (
      <EmptyState title="Cannot reach the trainboard server">
        <p>Check that `trainboard --logdir …` is still running, then reload this page.</p>
      </EmptyState>
    );
  } else if (runsQuery.isPending || environment.isPending) {
    body = <EmptyState title="Loading…" />;
  } else if (runNames.length === 0) {
    body = environment.data?.loading ? (
      <EmptyState title="Reading event files…">
        <p>Runs appear here as soon as their first events are read from {logdir}.</p>
      </EmptyState>
    ) : (
      <EmptyState title="No runs yet">
        <p>
          No event files were found under <code>{logdir || "the logdir"}</code>. Log something there and it
          appears here by itself:
        </p>
        <CodeSample code={FIRST_STEPS} />
      </EmptyState>
    );
  } else if (!active) {
    body = <EmptyState title="No dashboard selected" />;
  } else if (!withData.some((p) => p.name === active.name) && plugins.data && waiting && withData.length === 0) {
    // Nothing anywhere yet, and a writer that has written only its header: say why, not "no data".
    waitingShown = true;
    body = (
      <EmptyState title="Waiting for the first values">
        <p data-testid="waiting-runs">{waiting}</p>
      </EmptyState>
    );
  } else if (!withData.some((p) => p.name === active.name) && plugins.data) {
    body = (
      <EmptyState title={`No ${active.label.toLowerCase()} data yet`}>
        {active.emptyStateHint}
      </EmptyState>
    );
  } else {
    body = (
      <ErrorBoundary what={`The ${active.label} dashboard`} key={active.name}>
        <Suspense fallback={<EmptyState title="Loading…" />}>{dashboard}</Suspense>
      </ErrorBoundary>
    );
  }

  return (
    <div className={cls("app")} style={settings.cardWidth ? { ["--tb-card-width" as string]: `${settings.cardWidth}px` } : undefined}>
      <header className={cls("header")}>
        <span className={cls("brand")}>trainboard</span>
        <Tabs withData={withData} withoutData={withoutData} active={activeName} onSelect={(tab) => setView({ tab })} />
        <span className={cls("spacer")} />
        <ReadWarnings />
        <LiveIndicator {...live} />
        <button
          type="button"
          className={cls("icon-button")}
          aria-label="Settings"
          aria-expanded={settingsOpen}
          onClick={() => setSettingsOpen(!settingsOpen)}
        >
          <GearIcon />
        </button>
      </header>
      {settingsOpen ? (
        <SettingsPanel settings={settings} onChange={setSettings} onClose={() => setSettingsOpen(false)} />
      ) : null}
      <div className={cls("layout")}>
        <aside className={cls("sidebar")}>
          <RunsTable
            runs={runInfos}
            hparams={runHParams.data}
            metricTags={metricTags}
            colorOf={tableColorOf}
            onPickColor={pickColor}
            picked={picked}
            view={view}
            setView={setView}
          />
          {logdir ? (
            <p className={cls("logdir")} title={logdir}>
              {logdir}
            </p>
          ) : null}
        </aside>
        <main className={cls("main")}>
          {waiting && !waitingShown ? (
            <p className={cls("notice")} role="status" data-testid="waiting-runs">
              {waiting}
            </p>
          ) : null}
          {body}
        </main>
      </div>
    </div>
  );
}

/** Orders registered dashboards as the server lists them and splits them by whether they have data. */
function splitByData(status: { name: string; has_data: boolean }[] | undefined) {
  const withData: PluginDefinition[] = [];
  const withoutData: PluginDefinition[] = [];
  const known = new Map(PLUGINS.map((p) => [p.name, p]));
  for (const s of status ?? []) {
    const plugin = known.get(s.name);
    if (!plugin) continue;
    known.delete(s.name);
    (s.has_data ? withData : withoutData).push(plugin);
  }
  withoutData.push(...known.values());
  return { withData, withoutData };
}

function GearIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
    </svg>
  );
}
