/**
 * Scalar series from the server. A card asks for every run it draws in one request
 * (POST /api/scalars/runs, answered in the columnar encoding that columns.ts reads); GET /api/scalars
 * stays for one series and for scripts.
 */
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { apiUrl, request } from "../api";
import { decodeColumns } from "../columns";
import type { RunGroup } from "../groups";
import { QUERY_ROOTS } from "../names";
import type { GroupBand, GroupStat, XAxis } from "../urlState";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.series;

/** A column of numbers: a plain array from JSON or a typed-array view over a columnar answer. */
export type Column = ArrayLike<number>;

export interface ScalarBand {
  x_lo: Column;
  x_hi: Column;
  min: Column;
  max: Column;
}

export interface ScalarsResponse {
  /** The run's name, or the group's. */
  run: string;
  tag: string;
  /** How many runs a group line stands for; absent for a run. */
  members?: number;
  total: number;
  in_range: number;
  downsampled: boolean;
  x: Column;
  step: Column;
  wall_time: Column;
  value: Column;
  smoothed: Column;
  band: ScalarBand | null;
}

export interface ScalarsParams {
  points: number;
  smoothing: number;
  x: XAxis;
  /** The zoom window in the units of x, or null for the whole series. */
  range: readonly [number, number] | null;
  /** false: leave out downsampled series' min/max rows (a card of many runs draws no per-run band). */
  band?: boolean;
  /** Draw these groups, one line each, instead of the runs (lib/groups.ts). */
  groups?: readonly RunGroup[] | null;
  stat?: GroupStat;
  groupBand?: GroupBand;
}

/** The response plus the smoothing it was computed with, so a stale one can be re-smoothed locally. */
export interface ScalarSeries extends ScalarsResponse {
  requestedSmoothing: number;
}

/** One card's answer: its series by `seriesId(run, tag)`. */
export type SeriesMap = ReadonlyMap<string, ScalarSeries>;

export const seriesId = (run: string, tag: string): string => `${run}\u0000${tag}`;

/**
 * The ETag of each card request's last answer, by request body. Asked again (a live change elsewhere,
 * the card scrolled back into view), the request carries it, and the server answers 304 without a body
 * when nothing the card draws changed: the answer in the query cache is kept as it is.
 */
const etags = new Map<string, string>();

const MAX_ETAGS = 512;

/** POSTs one card's request and decodes the columnar answer; errors carry the server's message. */
async function fetchSeries(
  runs: readonly string[],
  tags: readonly string[],
  p: ScalarsParams,
  context: { signal?: AbortSignal; cached?: () => SeriesMap | undefined } = {},
): Promise<SeriesMap> {
  const body = JSON.stringify({
    runs,
    tags,
    points: p.points,
    smoothing: p.smoothing,
    x: p.x,
    start: p.range?.[0] ?? null,
    end: p.range?.[1] ?? null,
    band: p.band ?? true,
    ...(p.groups ? { groups: p.groups, stat: p.stat ?? "mean", group_band: p.groupBand ?? "std" } : {}),
  });
  const cached = context.cached?.();
  const etag = cached ? etags.get(body) : undefined;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (etag) headers["If-None-Match"] = etag;
  const response = await request("api/scalars/runs", { method: "POST", signal: context.signal, headers, body });
  if (response.status === 304 && cached) return cached;
  const tag = response.headers.get("ETag");
  if (tag) {
    etags.delete(body);
    etags.set(body, tag);
    if (etags.size > MAX_ETAGS) etags.delete(etags.keys().next().value as string);
  }
  const answer = decodeColumns(await response.arrayBuffer());
  const out = new Map<string, ScalarSeries>();
  for (const s of answer.series) out.set(seriesId(s.run, s.tag), { ...s, requestedSmoothing: p.smoothing });
  return out as SeriesMap;
}

export function seriesQuery(runs: readonly string[], tags: readonly string[], p: ScalarsParams, enabled = true) {
  return queryOptions({
    queryKey: [
      root,
      tags,
      runs,
      p.points,
      p.smoothing,
      p.x,
      p.range?.[0] ?? null,
      p.range?.[1] ?? null,
      p.band ?? true,
      p.groups ?? null,
      p.stat ?? null,
      p.groupBand ?? null,
    ],
    queryFn: ({ signal, client, queryKey }) =>
      fetchSeries(runs, tags, p, { signal, cached: () => client.getQueryData<SeriesMap>(queryKey) }),
    enabled: enabled && runs.length > 0 && tags.length > 0,
    // While a new window or smoothing loads, keep drawing the last answer instead of blanking the chart.
    placeholderData: keepPreviousData,
  });
}

/** Every run's series of `tags`, in one request; only enabled while the card is on screen. */
export function useSeries(runs: readonly string[], tags: readonly string[], params: ScalarsParams, enabled: boolean) {
  return useQuery(seriesQuery(runs, tags, params, enabled));
}

/** Whether a series query (by its key) holds data of `run`: the live stream refetches only those. */
export function seriesKeyHasRun(key: readonly unknown[], run: string): boolean {
  return key[0] === QUERY_ROOTS.series && Array.isArray(key[2]) && (key[2] as string[]).includes(run);
}

/** Every point of one series, as a file: CSV (Wall time,Step,Value) or JSON. */
export function downloadUrl(run: string, tag: string, format: "csv" | "json"): string {
  return apiUrl("api/scalars/download", { run, tag, format });
}
