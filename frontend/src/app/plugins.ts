/**
 * THE list of dashboards. To add one, create src/plugins/<name>/plugin.ts(x) exporting a
 * PluginDefinition and add it here (see frontend/README.md). The server's GET /api/plugins decides the
 * tab order and which dashboards have data; this list decides which ones the app can show.
 */
import type { PluginDefinition } from "../lib/plugin";
import { audioPlugin } from "../plugins/audio/plugin";
import { customScalarsPlugin } from "../plugins/custom_scalars/plugin";
import { distributionsPlugin } from "../plugins/distributions/plugin";
import { graphsPlugin } from "../plugins/graphs/plugin";
import { histogramsPlugin } from "../plugins/histograms/plugin";
import { hparamsPlugin } from "../plugins/hparams/plugin";
import { imagesPlugin } from "../plugins/images/plugin";
import { meshPlugin } from "../plugins/mesh/plugin";
import { prCurvesPlugin } from "../plugins/pr_curves/plugin";
import { projectorPlugin } from "../plugins/projector/plugin";
import { scalarsPlugin } from "../plugins/scalars/plugin";
import { textPlugin } from "../plugins/text/plugin";

export const PLUGINS: PluginDefinition[] = [
  scalarsPlugin,
  customScalarsPlugin,
  imagesPlugin,
  audioPlugin,
  graphsPlugin,
  distributionsPlugin,
  histogramsPlugin,
  textPlugin,
  hparamsPlugin,
  prCurvesPlugin,
  meshPlugin,
  projectorPlugin,
];
