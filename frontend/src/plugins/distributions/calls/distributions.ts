/** GET /api/distributions: nine percentile lines per step (docs/dashboards.md). */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS, runKey } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export interface DistributionsResponse {
  run: string;
  tag: string;
  total: number;
  downsampled: boolean;
  /** 0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000. */
  basis_points: number[];
  step: number[];
  wall_time: number[];
  /** One line per basis point, one value per step. */
  percentiles: number[][];
}

export const distributionsQuery = (run: string, tag: string) =>
  queryOptions({
    queryKey: [...runKey(run), "distributions", tag],
    queryFn: ({ signal }) => fetchJson<DistributionsResponse>("api/distributions", { run, tag }, signal),
  });

export const useDistributions = (run: string, tag: string, enabled: boolean) =>
  useQuery({ ...distributionsQuery(run, tag), enabled });
