/** GET /api/projector/pca: a PCA view of one embedding, with its variance. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchMatrix } from "../model";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.projector;

export const pcaQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: [root, "pca", run, name],
    queryFn: async ({ signal }) => {
      const m = await fetchMatrix("api/projector/pca", { run, name }, signal);
      const variance = (m.headers.get("X-Variance") ?? "").split(",").filter(Boolean).map(Number);
      return { ...m, variance };
    },
    staleTime: Infinity,
  });

export const usePca = (run: string, name: string) => useQuery(pcaQuery(run, name));
