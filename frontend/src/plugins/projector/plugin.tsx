import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const ProjectorDashboard = lazy(() => import("./ProjectorDashboard").then((m) => ({ default: m.ProjectorDashboard })));

export const projectorPlugin: PluginDefinition = {
  name: "projector",
  label: "Projector",
  component: ProjectorDashboard,
  emptyStateHint: (
    <>
      <p>Vectors in 2D or 3D (PCA, t-SNE, UMAP), coloured and searchable by their labels:</p>
      <CodeSample code={"writer.add_embedding(features, metadata=labels, label_img=images, tag=\"features\")"} />
    </>
  ),
};
