/** GET /api/projector/metadata: one embedding's metadata table. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.projector;

export interface MetadataResponse {
  columns: string[];
  values: string[][];
}

export const metadataQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: [root, "metadata", run, name],
    queryFn: ({ signal }) => fetchJson<MetadataResponse>("api/projector/metadata", { run, name }, signal),
    staleTime: Infinity,
  });

export const useMetadata = (run: string, name: string, enabled: boolean) =>
  useQuery({ ...metadataQuery(run, name), enabled });
