/** GET /api/text: the newest entries of one text series, newest first (docs/dashboards.md). */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS, runKey } from "../../../lib/names";

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

export interface TextResponse {
  run: string;
  tag: string;
  total: number;
  entries: TextEntry[];
}

export const textQuery = (run: string, tag: string) =>
  queryOptions({
    queryKey: [...runKey(run), "text", tag],
    queryFn: ({ signal }) => fetchJson<TextResponse>("api/text", { run, tag }, signal),
  });

export const useText = (run: string, tag: string, enabled: boolean) => useQuery({ ...textQuery(run, tag), enabled });
