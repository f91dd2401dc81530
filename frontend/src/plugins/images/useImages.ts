/** GET /api/images (every step's blob ids) and /api/images/step (one step's sizes and types). */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../lib/api";
import { runKey } from "../../lib/names";

export interface ImagesResponse {
  run: string;
  tag: string;
  total: number;
  samples: number;
  step: number[];
  wall_time: number[];
  /** Per step, the blob ids of its images (several for add_images grids logged as separate images). */
  blobs: string[][];
}

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

export const imagesQuery = (run: string, tag: string) =>
  queryOptions({
    queryKey: [...runKey(run), "images", tag],
    queryFn: ({ signal }) => fetchJson<ImagesResponse>("api/images", { run, tag }, signal),
  });

export const imageStepQuery = (run: string, tag: string, step: number) =>
  queryOptions({
    queryKey: [...runKey(run), "images", tag, "step", step],
    queryFn: ({ signal }) => fetchJson<ImageStepResponse>("api/images/step", { run, tag, step }, signal),
    // A step's images never change once written.
    staleTime: Infinity,
  });

export const useImages = (run: string, tag: string, enabled: boolean) => useQuery({ ...imagesQuery(run, tag), enabled });

export const useImageStep = (run: string, tag: string, step: number | null) =>
  useQuery({ ...imageStepQuery(run, tag, step ?? -1), enabled: step !== null });
