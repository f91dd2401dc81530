/** GET /api/hparams: the hyperparameter and metric columns, then one row per session (docs/dev/contracts.md). */
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { useRuns } from "../../../lib/calls/runs";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.hparams;

export type HParamType = "number" | "string" | "bool";
export type HParamValue = number | string | boolean | null;
export type MetricStatistic = "last" | "min" | "max";
export type SessionStatus = "unknown" | "success" | "failure" | "running";

export type HParamDomain =
  | { kind: "interval"; min: number; max: number }
  | { kind: "discrete"; values: HParamValue[] }
  | null;

export interface HParamColumn {
  name: string;
  type: HParamType;
  display_name: string;
  description: string;
  domain: HParamDomain;
  differs: boolean;
}

export interface MetricColumn {
  key: string;
  tag: string;
  group: string;
  display_name: string;
  description: string;
}

export interface MetricValue {
  last: number | null;
  min: number | null;
  max: number | null;
  step: number;
  wall_time: number | null;
  count: number;
}

export interface Session {
  run: string;
  hparams: Record<string, HParamValue>;
  metrics: Record<string, MetricValue>;
  status: SessionStatus;
  start_time: number | null;
  end_time: number | null;
  group: string;
}

export interface HParamsResponse {
  hparams: HParamColumn[];
  metrics: MetricColumn[];
  sessions: Session[];
}

/** Keyed by the store generation, which moves on every change the server reads, so sessions stay live. */
export const hparamsQuery = (generation: number) =>
  queryOptions({
    queryKey: [root, generation],
    queryFn: ({ signal }) => fetchJson<HParamsResponse>("api/hparams", {}, signal),
    placeholderData: keepPreviousData,
  });

export function useHParams() {
  const runs = useRuns();
  return useQuery({ ...hparamsQuery(runs.data?.generation ?? 0), enabled: runs.isSuccess });
}
