import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const HistogramsDashboard = lazy(() =>
  import("./HistogramsDashboard").then((m) => ({ default: m.HistogramsDashboard })),
);

export const histogramsPlugin: PluginDefinition = {
  name: "histograms",
  label: "Histograms",
  component: HistogramsDashboard,
  emptyStateHint: (
    <>
      <p>Log a tensor's values per step and see how its distribution moves:</p>
      <CodeSample code={'writer.add_histogram("fc1/weight", model.fc1.weight, step)'} />
    </>
  ),
};
