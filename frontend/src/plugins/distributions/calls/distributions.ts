/** GET /api/distributions: nine percentile lines per step (docs/dashboards.md). */
import { type RunSeriesAnswer, runSeriesCall } from "../../../lib/calls/runSeries";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export interface DistributionsResponse extends RunSeriesAnswer {
  downsampled: boolean;
  /** 0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000. */
  basis_points: number[];
  step: number[];
  wall_time: number[];
  /** One line per basis point, one value per step. */
  percentiles: number[][];
}

export const { useSeries: useDistributions } = runSeriesCall<DistributionsResponse>("distributions");
