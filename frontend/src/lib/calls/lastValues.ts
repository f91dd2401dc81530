/** POST /api/scalars/last: every run's last value of some tags, for the runs table. */
import { useMemo } from "react";
import { hashKey, keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { post } from "../api";
import { QUERY_ROOTS } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.series;

/** {tag: {run: value at its last step}}, for the runs table's metric columns. */
export function lastValuesQuery(runs: readonly string[], tags: readonly string[]) {
  const queryKey = [root, tags, runs, "last"] as const;
  return queryOptions({
    queryKey,
    // Hashed here, once per call, not by useQuery on every render: the key holds every run's name
    // (10,000 in a big sweep), and the runs table re-renders on every keystroke of its filter.
    queryHash: hashKey(queryKey),
    queryFn: async ({ signal }) =>
      (await (await post("api/scalars/last", { runs, tags }, signal)).json()) as Record<string, Record<string, number>>,
    enabled: runs.length > 0 && tags.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useLastValues(runs: readonly string[], tags: readonly string[]) {
  return useQuery(useMemo(() => lastValuesQuery(runs, tags), [runs, tags]));
}
