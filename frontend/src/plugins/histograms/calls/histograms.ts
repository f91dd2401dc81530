/** GET /api/histograms: one series re-binned onto a shared grid (docs/dashboards.md). */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS, runKey } from "../../../lib/names";

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

export interface HistogramsResponse {
  run: string;
  tag: string;
  total: number;
  edges: number[];
  histograms: HistogramRow[];
}

export const histogramsQuery = (run: string, tag: string) =>
  queryOptions({
    queryKey: [...runKey(run), "histograms", tag],
    queryFn: ({ signal }) => fetchJson<HistogramsResponse>("api/histograms", { run, tag }, signal),
  });

export const useHistograms = (run: string, tag: string, enabled: boolean) =>
  useQuery({ ...histogramsQuery(run, tag), enabled });
