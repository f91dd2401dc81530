/** GET /api/projector/embeddings: every logged embedding. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.projector;

export interface EmbeddingEntry {
  run: string;
  name: string;
  tag: string;
  step: number | null;
  shape: number[] | null;
  has_metadata: boolean;
  sprite: { single_image_dim: [number, number] } | null;
}

export const embeddingsQuery = () =>
  queryOptions({
    queryKey: [root, "embeddings"],
    queryFn: ({ signal }) => fetchJson<{ embeddings: EmbeddingEntry[] }>("api/projector/embeddings", {}, signal),
  });

export function spriteUrl(run: string, name: string): string {
  return `api/projector/sprite?${new URLSearchParams({ run, name }).toString()}`;
}

export const useEmbeddings = () => useQuery(embeddingsQuery());
