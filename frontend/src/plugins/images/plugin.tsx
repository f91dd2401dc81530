import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const ImagesDashboard = lazy(() => import("./ImagesDashboard").then((m) => ({ default: m.ImagesDashboard })));

export const imagesPlugin: PluginDefinition = {
  name: "images",
  label: "Images",
  component: ImagesDashboard,
  emptyStateHint: (
    <>
      <p>Images, matplotlib figures and videos logged per step appear here with a step slider:</p>
      <CodeSample code={'writer.add_image("samples", img_chw, step)\n# also add_images, add_figure, add_video'} />
    </>
  ),
};
