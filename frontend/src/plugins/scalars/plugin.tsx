import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";
// Imported eagerly (not React.lazy): Scalars is the landing dashboard and its first chart is raced.
import { ScalarsDashboard } from "./ScalarsDashboard";

export const scalarsPlugin: PluginDefinition = {
  name: "scalars",
  label: "Scalars",
  component: ScalarsDashboard,
  emptyStateHint: (
    <>
      <p>Log a number per step and it is charted here, live:</p>
      <CodeSample code={'writer.add_scalar("loss/train", loss.item(), step)'} />
    </>
  ),
};
