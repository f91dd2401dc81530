/** GET /api/warnings: what reading skipped. Under the runs root: a live change refreshes it with the run list. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../api";
import { QUERY_ROOTS } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.runs;

/** GET /api/warnings: how many, and the first of them. */
export interface WarningsResponse {
  count: number;
  warnings: string[];
}

export const warningsQuery = () =>
  queryOptions({
    queryKey: [root, "warnings"],
    queryFn: ({ signal }) => fetchJson<WarningsResponse>("api/warnings", {}, signal),
  });

export const useWarnings = () => useQuery(warningsQuery());
