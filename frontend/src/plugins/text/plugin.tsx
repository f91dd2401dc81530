import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const TextDashboard = lazy(() => import("./TextDashboard").then((m) => ({ default: m.TextDashboard })));

export const textPlugin: PluginDefinition = {
  name: "text",
  label: "Text",
  component: TextDashboard,
  emptyStateHint: (
    <>
      <p>Markdown logged per step (notes, configs, sample outputs) is rendered here, safely:</p>
      <CodeSample code={'writer.add_text("config", "| lr | 3e-4 |\\n|---|---|", step)'} />
    </>
  ),
};
