/** GET /api/pr_curves: every step's precision/recall curve of one series (docs/dashboards.md). */
import { type RunSeriesAnswer, runSeriesCall } from "../../../lib/calls/runSeries";
import { QUERY_ROOTS } from "../../../lib/names";

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

export interface PrCurvesResponse extends RunSeriesAnswer {
  curves: PrCurve[];
}

export const { useSeries: usePrCurves } = runSeriesCall<PrCurvesResponse>("pr_curves");
