import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

// lazy keeps the dashboard and elkjs out of the first download.
const GraphsDashboard = lazy(() => import("./GraphsDashboard"));

export const graphsPlugin: PluginDefinition = {
  name: "graphs",
  label: "Graphs",
  component: GraphsDashboard,
  emptyStateHint: (
    <>
      <p>Log your model once and explore its layers, shapes and parameters here:</p>
      <CodeSample code={"writer.add_graph(model, example_input)"} />
    </>
  ),
};
