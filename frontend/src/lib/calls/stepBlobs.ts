/**
 * GET /api/<plugin> (every step's blob ids) and /api/<plugin>/step (one step's details) for the
 * plugins that log blobs per step: images and audio answer both routes in the same shape.
 */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../api";
import { QUERY_ROOTS, runKey } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export type BlobPlugin = "images" | "audio";

export interface StepBlobsResponse {
  run: string;
  tag: string;
  total: number;
  samples: number;
  step: number[];
  wall_time: number[];
  /** Per step, the blob ids it holds (several for add_images grids logged as separate images). */
  blobs: string[][];
}

export const stepBlobsQuery = (plugin: BlobPlugin, run: string, tag: string) =>
  queryOptions({
    queryKey: [...runKey(run), plugin, tag],
    queryFn: ({ signal }) => fetchJson<StepBlobsResponse>(`api/${plugin}`, { run, tag }, signal),
  });

/** The series of one run and tag; `enabled` once its card is near the screen. */
export const useStepBlobs = (plugin: BlobPlugin, run: string, tag: string, enabled: boolean) =>
  useQuery({ ...stepBlobsQuery(plugin, run, tag), enabled });
