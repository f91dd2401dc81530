/** The shell: header with tabs and live status, the run list, settings, and the active dashboard. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";

import { GearIcon } from "../components/icons";
import { LiveIndicator } from "../components/LiveIndicator";
import { ReadWarnings } from "../components/ReadWarnings";
import { RunsTable } from "../components/RunsTable";
import { useLiveUpdates } from "../hooks/useLiveUpdates";
import { useSettings } from "../hooks/useSettings";
import { useTheme } from "../hooks/useTheme";
import { useUrlState } from "../hooks/useUrlState";
import { useWaitingRuns } from "../hooks/useWaitingRuns";
import { useEnvironment } from "../lib/calls/environment";
import { usePlugins } from "../lib/calls/plugins";
import { tagsQuery } from "../lib/calls/tags";
import { cls } from "../lib/names";
import { setTooltipSort } from "../lib/tooltipSort";
import { waitingMessage } from "../lib/waitingRuns";
import { PLUGINS } from "./plugins";
import { SettingsPanel } from "./SettingsPanel";
import { ShellMain } from "./ShellMain";
import { splitByData } from "./shell";
import { Tabs } from "./Tabs";
import { useRunSelection } from "./useRunSelection";

export function App() {
  const [view, setView] = useUrlState();
  const [settings, setSettings] = useSettings();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const theme = useTheme(settings.theme);
  setTooltipSort(settings.tooltipSort);
  const live = useLiveUpdates(settings.live, settings.reloadPeriod);

  const environment = useEnvironment();
  const plugins = usePlugins();
  const runs = useRunSelection(view);
  const waiting = waitingMessage(useWaitingRuns(runs.runsQuery.data, runs.runsQuery.dataUpdatedAt));

  const { withData, withoutData } = useMemo(() => splitByData(PLUGINS, plugins.data), [plugins.data]);
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
  const { runs: dashboardRuns, colorOf: dashboardColorOf, view: dashboardView } = runs.dashboard;
  const dashboard = useMemo(
    () => (Dashboard ? <Dashboard runs={dashboardRuns} colorOf={dashboardColorOf} view={dashboardView} setView={setView} settings={settings} theme={theme} /> : null),
    [Dashboard, dashboardRuns, dashboardColorOf, dashboardView, setView, settings, theme],
  );

  const logdir = environment.data?.logdirs.join(", ") ?? "";
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
            runs={runs.runInfos}
            hparams={runs.runHParams.data}
            metricTags={runs.metricTags}
            colorOf={runs.tableColorOf}
            onPickColor={runs.pickColor}
            picked={runs.picked}
            view={view}
            setView={setView}
          />
          {logdir ? (
            <p className={cls("logdir")} title={logdir}>
              {logdir}
            </p>
          ) : null}
        </aside>
        <ShellMain
          unreachable={environment.isError || runs.runsQuery.isError}
          loading={runs.runsQuery.isPending || environment.isPending}
          runCount={runs.runNames.length}
          reading={Boolean(environment.data?.loading)}
          logdir={logdir}
          active={active}
          withData={plugins.data ? withData : undefined}
          waiting={waiting}
          dashboard={dashboard}
        />
      </div>
    </div>
  );
}
