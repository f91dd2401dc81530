/** GET /api/pr_curves: every step's precision/recall curve of one series (docs/dashboards.md). */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS, runKey } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

/** One step's curve; every array has one entry per threshold, trailing TP + FP == 0 columns removed. */
export interface PrCurve {
  step: number;
  wall_time: number;
  thresholds: number[];
  precision: number[];
  recall: number[];
  tp: number[];
  fp: number[];
  tn: number[];
  fn: number[];
}

export interface PrCurvesResponse {
  run: string;
  tag: string;
  total: number;
  curves: PrCurve[];
}

export const prCurvesQuery = (run: string, tag: string) =>
  queryOptions({
    queryKey: [...runKey(run), "pr_curves", tag],
    queryFn: ({ signal }) => fetchJson<PrCurvesResponse>("api/pr_curves", { run, tag }, signal),
  });

export const usePrCurves = (run: string, tag: string, enabled: boolean) =>
  useQuery({ ...prCurvesQuery(run, tag), enabled });
