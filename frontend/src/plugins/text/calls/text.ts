/** GET /api/text: the newest entries of one text series, newest first (docs/dashboards.md). */
import { type RunSeriesAnswer, runSeriesCall } from "../../../lib/calls/runSeries";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.run;

export interface TextEntry {
  step: number;
  wall_time: number;
  /** The Markdown document when the tensor holds one string, else null. */
  text: string | null;
  /** Rows of Markdown cells for rank 1 and 2 tensors, else null. */
  table: string[][] | null;
  shape: number[];
  warning: string | null;
}

export interface TextResponse extends RunSeriesAnswer {
  entries: TextEntry[];
}

export const { useSeries: useText } = runSeriesCall<TextResponse>("text");
