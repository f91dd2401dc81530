/** GET /api/<plugin>/step: one step's blobs (images, audio), under the run's key. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../api";
import { QUERY_ROOTS, runKey } from "../names";
import { BlobPlugin } from "./stepBlobs";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export const blobStepQuery = <T>(plugin: BlobPlugin, run: string, tag: string, step: number) =>
  queryOptions({
    queryKey: [...runKey(run), plugin, tag, "step", step],
    queryFn: ({ signal }) => fetchJson<T>(`api/${plugin}/step`, { run, tag, step }, signal),
    // A step's blobs never change once written.
    staleTime: Infinity,
  });

/** One step's details (`T` is the plugin's answer), or nothing while `step` is null. */
export const useBlobStep = <T>(plugin: BlobPlugin, run: string, tag: string, step: number | null) =>
  useQuery({ ...blobStepQuery<T>(plugin, run, tag, step ?? -1), enabled: step !== null });
