/** GET /api/runs: the run list and the store generation. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson, type RunsResponse } from "../api";
import { QUERY_ROOTS } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.runs;

export const runsQuery = () =>
  queryOptions({
    queryKey: [root],
    queryFn: ({ signal }) => fetchJson<RunsResponse>("api/runs", {}, signal),
  });

export const useRuns = () => useQuery(runsQuery());
