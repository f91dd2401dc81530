/** GET /api/hparams/runs: hyperparameters by run, for the runs table. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../api";
import { QUERY_ROOTS } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.runs;

/** GET /api/hparams/runs: hyperparameters by dashboard run, and the torch trial sub-runs' parents. */
export interface RunHParamsResponse {
  hparams: Record<string, Record<string, number | string | boolean>>;
  metrics: Record<string, Record<string, number>>;
  parents: Record<string, string>;
}

// Under the runs root: the live stream refreshes it with the run list.
export const runHParamsQuery = () =>
  queryOptions({
    queryKey: [root, "hparams"],
    queryFn: ({ signal }) => fetchJson<RunHParamsResponse>("api/hparams/runs", {}, signal),
  });

export const useRunHParams = () => useQuery(runHParamsQuery());
