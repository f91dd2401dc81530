/** GET /api/audio (every step's clip ids) and /api/audio/step (one step's clip details). */
import { blobCall } from "../../../lib/calls/runSeries";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export interface ClipInfo {
  blob_id: string;
  length: number;
  content_type: string;
  sample_rate: number | null;
  channels: number | null;
  bits_per_sample: number | null;
  frames: number | null;
  duration: number | null;
  /** Markdown logged beside the clip (TF2 audio), "" when none; render it sanitised. */
  label: string;
}

export interface AudioStepResponse {
  step: number;
  wall_time: number;
  /** The tag's summary description (Markdown), "" when none. */
  description: string;
  clips: ClipInfo[];
}

/** Both calls, for hooks/useBlobSteps. */
export const audioCalls = blobCall<AudioStepResponse>("audio");
