/** GET /api/custom_scalars/layout: every run's layout merged, each multiline chart with its matches. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.tags;

export interface RunTag {
  run: string;
  tag: string;
}

export interface MarginSeries {
  value: string;
  lower: string;
  upper: string;
}

export interface MultilineChart {
  title: string;
  kind: "multiline";
  /** Regexes, matched from the start of the tag. */
  tags: string[];
  /** The scalar (run, tag) pairs they match, in run then tag order. */
  matches: RunTag[];
  /** Why a regex could not be used, or null. */
  error: string | null;
}

export interface MarginChart {
  title: string;
  kind: "margin";
  series: MarginSeries[];
  /** The runs that hold the value tag. */
  runs: string[];
  error: string | null;
}

export type CustomChart = MultilineChart | MarginChart;

export interface Category {
  title: string;
  closed: boolean;
  charts: CustomChart[];
}

export interface LayoutResponse {
  /** The runs that logged a layout. */
  runs: string[];
  categories: Category[];
}

// Kept under the tags root: the live stream refreshes it on every change, which may add a tag a regex matches.
export const layoutQuery = () =>
  queryOptions({
    queryKey: [root, "custom_scalars", "layout"],
    queryFn: ({ signal }) => fetchJson<LayoutResponse>("api/custom_scalars/layout", {}, signal),
  });

export const useLayout = () => useQuery(layoutQuery());
