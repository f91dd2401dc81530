import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

// lazy: the dashboard's views stay out of the first download until the tab is opened.
const HParamsDashboard = lazy(() => import("./HParamsDashboard"));

export const hparamsPlugin: PluginDefinition = {
  name: "hparams",
  label: "HParams",
  component: HParamsDashboard,
  emptyStateHint: (
    <>
      <p>Log each trial's hyperparameters and final metrics, and compare the trials here:</p>
      <CodeSample code={'writer.add_hparams({"lr": 0.01, "optimizer": "adam"}, {"accuracy": acc}, run_name=".")'} />
    </>
  ),
};
