import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const MeshDashboard = lazy(() => import("./MeshDashboard").then((m) => ({ default: m.MeshDashboard })));

export const meshPlugin: PluginDefinition = {
  name: "mesh",
  label: "Mesh",
  component: MeshDashboard,
  emptyStateHint: (
    <>
      <p>Point clouds and triangle meshes with their colours, per step:</p>
      <CodeSample code={'writer.add_mesh("shape", vertices, colors=colors, faces=faces, global_step=step)'} />
    </>
  ),
};
