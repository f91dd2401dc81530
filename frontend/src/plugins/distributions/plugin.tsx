import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const DistributionsDashboard = lazy(() =>
  import("./DistributionsDashboard").then((m) => ({ default: m.DistributionsDashboard })),
);

export const distributionsPlugin: PluginDefinition = {
  name: "distributions",
  label: "Distributions",
  component: DistributionsDashboard,
  emptyStateHint: (
    <>
      <p>Histograms logged per step are drawn here as percentile bands over time:</p>
      <CodeSample code={'writer.add_histogram("fc1/weight", model.fc1.weight, step)'} />
    </>
  ),
};
