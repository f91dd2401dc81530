/** GET /api/graph/runs: which runs hold a graph, and its version. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.tags;

export interface GraphRunsResponse {
  /** `version` changes when a new graph is logged in the run. */
  runs: { run: string; version: string; run_metadata_tags: string[] }[];
}

export function graphRunsQuery() {
  return queryOptions({
    // Under the tags root: the shell refreshes it whenever any run changes.
    queryKey: [root, "graphs", "runs"],
    queryFn: ({ signal }) => fetchJson<GraphRunsResponse>("api/graph/runs", {}, signal),
  });
}

export const useGraphRuns = () => useQuery(graphRunsQuery());
