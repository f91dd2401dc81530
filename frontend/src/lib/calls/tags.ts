/** GET /api/tags?plugin=: one dashboard's tags by run. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson, type CompactTagsResponse, type TagsResponse } from "../api";
import { QUERY_ROOTS } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.tags;

export const tagsQuery = (plugin: string) =>
  queryOptions({
    queryKey: [root, plugin],
    queryFn: async ({ signal }) => expandTags(await fetchJson<CompactTagsResponse>("api/tags", { plugin, compact: true }, signal)),
  });

/**
 * GET /api/tags?compact=true as {run: {tag: {description}}}: the runs that share a set of tags share
 * one object (a sweep's 1,000 runs mostly hold one set), so the answer stays small on the wire and
 * in memory.
 */
export function expandTags(compact: CompactTagsResponse): TagsResponse {
  const sets = compact.tag_sets.map((tags) =>
    Object.fromEntries(tags.map((tag) => [tag, { description: compact.descriptions[tag] ?? "" }])),
  );
  const runs: TagsResponse["runs"] = {};
  for (const [run, index] of Object.entries(compact.runs)) runs[run] = sets[index] ?? {};
  return { plugin: compact.plugin, runs };
}

export const useTags = (plugin: string) => useQuery(tagsQuery(plugin));
