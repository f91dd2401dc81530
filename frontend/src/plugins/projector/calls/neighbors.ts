/** GET /api/projector/neighbors: a point's nearest neighbours. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.projector;

export interface NeighborsResponse {
  index: number;
  metric: "cosine" | "euclidean";
  neighbors: number[];
  distances: number[];
}

export const neighborsQuery = (run: string, name: string, index: number, metric: "cosine" | "euclidean", k: number) =>
  queryOptions({
    queryKey: [root, "neighbors", run, name, index, metric, k],
    queryFn: ({ signal }) =>
      fetchJson<NeighborsResponse>("api/projector/neighbors", { run, name, index, metric, k }, signal),
    staleTime: Infinity,
  });

/** `index`'s nearest neighbours, asked for once a point is picked. */
export const useNeighbors = (run: string, name: string, index: number | null, metric: "cosine" | "euclidean", k: number) =>
  useQuery({ ...neighborsQuery(run, name, index ?? 0, metric, k), enabled: index !== null });
