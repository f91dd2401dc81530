/**
 * GET /api/<route>?run=&tag= (one run's series of one tag) and /api/<route>/step?run=&tag=&step= (one
 * step's details), for the dashboards that show a card per run and tag: histograms, distributions,
 * PR curves, text, images, audio. Each keeps its queries under the run's key, so a live change to a
 * run refetches that run's cards and no other's. A dashboard's call file names its route and answer:
 *
 *     export const { query: histogramsQuery, useSeries: useHistograms } = runSeriesCall<HistogramsResponse>("histograms");
 */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../api";
import { QUERY_ROOTS, runKey } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

/** What every series answer holds besides its data. */
export interface RunSeriesAnswer {
  run: string;
  tag: string;
  /** How many points the series has on the server (the answer may hold fewer). */
  total: number;
}

/** The series answer of the blob routes (images, audio): every step's blob ids. */
export interface StepBlobsResponse extends RunSeriesAnswer {
  samples: number;
  step: number[];
  wall_time: number[];
  /** Per step, the blob ids it holds (several for add_images grids logged as separate images). */
  blobs: string[][];
}

/** The query options and the hook of `api/<route>`, answered with `T`. */
export function runSeriesCall<T>(route: string) {
  const query = (run: string, tag: string) =>
    queryOptions({
      queryKey: [...runKey(run), route, tag],
      queryFn: ({ signal }) => fetchJson<T>(`api/${route}`, { run, tag }, signal),
    });
  /** One run's series of one tag; `enabled` once its card is near the screen. */
  const useSeries = (run: string, tag: string, enabled: boolean) => useQuery({ ...query(run, tag), enabled });
  return { query, useSeries };
}

/** The query options and the hook of `api/<route>/step`, answered with `T`. */
export function runStepCall<T>(route: string) {
  const query = (run: string, tag: string, step: number) =>
    queryOptions({
      queryKey: [...runKey(run), route, tag, "step", step],
      queryFn: ({ signal }) => fetchJson<T>(`api/${route}/step`, { run, tag, step }, signal),
      // A step's details never change once written.
      staleTime: Infinity,
    });
  /** One step's details, or nothing while `step` is null. */
  const useStep = (run: string, tag: string, step: number | null) =>
    useQuery({ ...query(run, tag, step ?? -1), enabled: step !== null });
  return { query, useStep };
}

/** The two calls of a blob route (images, audio): every step's blob ids, and one step's details (`S`). */
export function blobCall<S>(route: string) {
  return { series: runSeriesCall<StepBlobsResponse>(route), step: runStepCall<S>(route) };
}

export type BlobCall<S> = ReturnType<typeof blobCall<S>>;
