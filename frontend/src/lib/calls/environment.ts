/** GET /api/environment: the logdirs, the server's version and the reader's progress. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson, type Environment } from "../api";
import { QUERY_ROOTS } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.environment;

export const environmentQuery = () =>
  queryOptions({
    queryKey: [root],
    queryFn: ({ signal }) => fetchJson<Environment>("api/environment", {}, signal),
  });

export const useEnvironment = () => useQuery(environmentQuery());
