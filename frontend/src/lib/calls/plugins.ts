/** GET /api/plugins: which dashboards have data. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson, type PluginStatus } from "../api";
import { QUERY_ROOTS } from "../names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.plugins;

export const pluginsQuery = () =>
  queryOptions({
    queryKey: [root],
    queryFn: ({ signal }) => fetchJson<PluginStatus[]>("api/plugins", {}, signal),
  });

export const usePlugins = () => useQuery(pluginsQuery());
