/** GET /api/images (every step's blob ids) and /api/images/step (one step's sizes and types). */
import { blobCall } from "../../../lib/calls/runSeries";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export interface ImageInfo {
  blob_id: string;
  length: number;
  content_type: string;
  width: number | null;
  height: number | null;
  frames: number;
}

export interface ImageStepResponse {
  step: number;
  wall_time: number;
  images: ImageInfo[];
}

/** Both calls, for hooks/useBlobSteps. */
export const imageCalls = blobCall<ImageStepResponse>("images");
