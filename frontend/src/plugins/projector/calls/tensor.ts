/** GET /api/projector/tensor: one embedding's matrix. */
import { queryOptions } from "@tanstack/react-query";

import { fetchMatrix } from "../model";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.projector;

export const tensorQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: [root, "tensor", run, name],
    queryFn: ({ signal }) => fetchMatrix("api/projector/tensor", { run, name }, signal),
    staleTime: Infinity,
    gcTime: 60_000,
  });
