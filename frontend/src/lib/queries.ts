/** Query options for the app-wide calls: environment, runs, plugins and each plugin's tag list. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson, type CompactTagsResponse, type Environment, type PluginStatus, type RunsResponse, type TagsResponse } from "./api";
import { QUERY_ROOTS } from "./names";

export const environmentQuery = () =>
  queryOptions({
    queryKey: [QUERY_ROOTS.environment],
    queryFn: ({ signal }) => fetchJson<Environment>("api/environment", {}, signal),
  });

export const runsQuery = () =>
  queryOptions({
    queryKey: [QUERY_ROOTS.runs],
    queryFn: ({ signal }) => fetchJson<RunsResponse>("api/runs", {}, signal),
  });

export const pluginsQuery = () =>
  queryOptions({
    queryKey: [QUERY_ROOTS.plugins],
    queryFn: ({ signal }) => fetchJson<PluginStatus[]>("api/plugins", {}, signal),
  });

export const tagsQuery = (plugin: string) =>
  queryOptions({
    queryKey: [QUERY_ROOTS.tags, plugin],
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

/** GET /api/hparams/runs: hyperparameters by dashboard run, and the torch trial sub-runs' parents. */
export interface RunHParamsResponse {
  hparams: Record<string, Record<string, number | string | boolean>>;
  metrics: Record<string, Record<string, number>>;
  parents: Record<string, string>;
}

// Under the runs root: the live stream refreshes it with the run list.
export const runHParamsQuery = () =>
  queryOptions({
    queryKey: [QUERY_ROOTS.runs, "hparams"],
    queryFn: ({ signal }) => fetchJson<RunHParamsResponse>("api/hparams/runs", {}, signal),
  });

export const useRunHParams = () => useQuery(runHParamsQuery());
export const useEnvironment = () => useQuery(environmentQuery());
export const useRuns = () => useQuery(runsQuery());
export const usePlugins = () => useQuery(pluginsQuery());
export const useTags = (plugin: string) => useQuery(tagsQuery(plugin));
