/** GET /api/images (every step's blob ids) and /api/images/step (one step's sizes and types). */
import { useBlobStep } from "../../../lib/calls/blobStep";
import { useStepBlobs } from "../../../lib/calls/stepBlobs";
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

export const useImages = (run: string, tag: string, enabled: boolean) => useStepBlobs("images", run, tag, enabled);

export const useImageStep = (run: string, tag: string, step: number | null) =>
  useBlobStep<ImageStepResponse>("images", run, tag, step);
