/** GET /api/histograms: one series re-binned onto a shared grid (docs/dashboards.md). */
import { type RunSeriesAnswer, runSeriesCall } from "../../../lib/calls/runSeries";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export interface HistogramRow {
  step: number;
  wall_time: number;
  count: number;
  min: number | null;
  max: number | null;
  /** One count per bin of `edges`. */
  counts: number[];
}

export interface HistogramsResponse extends RunSeriesAnswer {
  edges: number[];
  histograms: HistogramRow[];
}

export const { query: histogramsQuery, useSeries: useHistograms } = runSeriesCall<HistogramsResponse>("histograms");
