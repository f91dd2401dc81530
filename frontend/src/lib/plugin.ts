/** The contract between the app shell and a dashboard (see frontend/README.md). */
import type { ComponentType, ReactNode } from "react";

import type { Settings } from "./settings";
import type { ViewState } from "./urlState";

/** What the shell hands every dashboard. */
export interface DashboardProps {
  /** The runs checked in the run list (and matching its filter), sorted. */
  runs: string[];
  /** The run's colour, the same in every dashboard. */
  colorOf: (run: string) => string;
  /** The URL view state; dashboards may read any field and change theirs with setView. */
  view: ViewState;
  /** Merges a patch into the view; a function gets the latest view (for toggles from memoized cards). */
  setView: (patch: Partial<ViewState> | ((view: ViewState) => Partial<ViewState>)) => void;
  settings: Settings;
  /** The theme actually applied ("system" resolved), for colours drawn on canvas. */
  theme: "light" | "dark";
}

export interface PluginDefinition {
  /** The plugin name the server uses in GET /api/plugins and ?plugin= ("scalars", "images", ...). */
  name: string;
  /** The tab label. */
  label: string;
  /** The dashboard; wrap it in React.lazy to keep it out of the first download. */
  component: ComponentType<DashboardProps>;
  /** Shown when the plugin has no data: how to log some, ideally as a one-line code sample. */
  emptyStateHint: ReactNode;
}
