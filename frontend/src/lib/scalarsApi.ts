/** GET /api/scalars: one run's series for one tag, downsampled with a min/max band, smoothed. */
import { keepPreviousData, queryOptions, useQueries } from "@tanstack/react-query";

import { apiUrl, fetchJson } from "./api";
import { runKey } from "./names";
import type { XAxis } from "./urlState";

export interface ScalarBand {
  x_lo: number[];
  x_hi: number[];
  min: number[];
  max: number[];
}

export interface ScalarsResponse {
  run: string;
  tag: string;
  total: number;
  in_range: number;
  downsampled: boolean;
  x: number[];
  step: number[];
  wall_time: number[];
  value: number[];
  smoothed: number[];
  band: ScalarBand | null;
}

export interface ScalarsParams {
  tag: string;
  points: number;
  smoothing: number;
  x: XAxis;
  /** The zoom window in the units of x, or null for the whole series. */
  range: readonly [number, number] | null;
}

/** The response plus the smoothing it was computed with, so a stale one can be re-smoothed locally. */
export interface ScalarSeries extends ScalarsResponse {
  requestedSmoothing: number;
}

export function scalarsQuery(run: string, p: ScalarsParams, enabled = true) {
  return queryOptions({
    queryKey: [...runKey(run), "scalars", p.tag, p.points, p.smoothing, p.x, p.range?.[0] ?? null, p.range?.[1] ?? null],
    queryFn: async ({ signal }): Promise<ScalarSeries> => {
      const response = await fetchJson<ScalarsResponse>(
        "api/scalars",
        {
          run,
          tag: p.tag,
          points: p.points,
          smoothing: p.smoothing,
          x: p.x,
          start: p.range?.[0],
          end: p.range?.[1],
        },
        signal,
      );
      return { ...response, requestedSmoothing: p.smoothing };
    },
    enabled,
    // While a new window or smoothing loads, keep drawing the last answer instead of blanking the chart.
    placeholderData: keepPreviousData,
  });
}

/** One query per run; only enabled while the card is on screen. */
export function useScalarSeries(runs: string[], params: ScalarsParams, enabled: boolean) {
  return useQueries({ queries: runs.map((run) => scalarsQuery(run, params, enabled)) });
}

/** Every point of one series, as a file: CSV (Wall time,Step,Value) or JSON. */
export function downloadUrl(run: string, tag: string, format: "csv" | "json"): string {
  return apiUrl("api/scalars/download", { run, tag, format });
}
