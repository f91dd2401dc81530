/** GET /api/mesh/meshes: mesh names per run. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.mesh;

export const meshesQuery = () =>
  queryOptions({
    queryKey: [root, "meshes"],
    queryFn: ({ signal }) => fetchJson<{ runs: Record<string, Record<string, { samples: number }>> }>("api/mesh/meshes", {}, signal),
  });

export const useMeshes = () => useQuery(meshesQuery());
