import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const PrCurvesDashboard = lazy(() => import("./PrCurvesDashboard").then((m) => ({ default: m.PrCurvesDashboard })));

export const prCurvesPlugin: PluginDefinition = {
  name: "pr_curves",
  label: "PR Curves",
  component: PrCurvesDashboard,
  emptyStateHint: (
    <>
      <p>Precision against recall at every threshold of a binary classifier, per step:</p>
      <CodeSample code={'writer.add_pr_curve("val/pr", labels, probabilities, step)'} />
    </>
  ),
};
