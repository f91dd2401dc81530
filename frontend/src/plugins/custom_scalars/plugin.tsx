import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const CustomScalarsDashboard = lazy(() => import("./CustomScalarsDashboard"));

export const customScalarsPlugin: PluginDefinition = {
  name: "custom_scalars",
  label: "Custom Scalars",
  component: CustomScalarsDashboard,
  emptyStateHint: (
    <>
      <p>Log a layout once to chart several scalar tags together:</p>
      <CodeSample code={'writer.add_custom_scalars_multilinechart(["loss/train", "loss/val"], title="losses")'} />
    </>
  ),
};
