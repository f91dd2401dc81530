import { lazy } from "react";

import { CodeSample } from "../../components/EmptyState";
import type { PluginDefinition } from "../../lib/plugin";

const AudioDashboard = lazy(() => import("./AudioDashboard").then((m) => ({ default: m.AudioDashboard })));

export const audioPlugin: PluginDefinition = {
  name: "audio",
  label: "Audio",
  component: AudioDashboard,
  emptyStateHint: (
    <>
      <p>Audio clips logged per step get a player here, with a step slider:</p>
      <CodeSample code={'writer.add_audio("speech", waveform, step, sample_rate=16000)'} />
    </>
  ),
};
