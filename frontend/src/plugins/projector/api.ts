/** GET /api/projector/*: the embeddings, a PCA view, the matrix, metadata and neighbours (docs/dashboards.md). */
import { queryOptions } from "@tanstack/react-query";

import { fetchJson } from "../../lib/api";
import { fetchMatrix } from "./model";

export interface EmbeddingEntry {
  run: string;
  name: string;
  tag: string;
  step: number | null;
  shape: number[] | null;
  has_metadata: boolean;
  sprite: { single_image_dim: [number, number] } | null;
}

export interface MetadataResponse {
  columns: string[];
  values: string[][];
}

export interface NeighborsResponse {
  index: number;
  metric: "cosine" | "euclidean";
  neighbors: number[];
  distances: number[];
}

export const embeddingsQuery = () =>
  queryOptions({
    queryKey: ["projector", "embeddings"],
    queryFn: ({ signal }) => fetchJson<{ embeddings: EmbeddingEntry[] }>("api/projector/embeddings", {}, signal),
  });

export const pcaQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: ["projector", "pca", run, name],
    queryFn: async ({ signal }) => {
      const m = await fetchMatrix("api/projector/pca", { run, name }, signal);
      const variance = (m.headers.get("X-Variance") ?? "").split(",").filter(Boolean).map(Number);
      return { ...m, variance };
    },
    staleTime: Infinity,
  });

export const tensorQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: ["projector", "tensor", run, name],
    queryFn: ({ signal }) => fetchMatrix("api/projector/tensor", { run, name }, signal),
    staleTime: Infinity,
    gcTime: 60_000,
  });

export const metadataQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: ["projector", "metadata", run, name],
    queryFn: ({ signal }) => fetchJson<MetadataResponse>("api/projector/metadata", { run, name }, signal),
    staleTime: Infinity,
  });

export const neighborsQuery = (run: string, name: string, index: number, metric: "cosine" | "euclidean", k: number) =>
  queryOptions({
    queryKey: ["projector", "neighbors", run, name, index, metric, k],
    queryFn: ({ signal }) =>
      fetchJson<NeighborsResponse>("api/projector/neighbors", { run, name, index, metric, k }, signal),
    staleTime: Infinity,
  });

export function spriteUrl(run: string, name: string): string {
  return `api/projector/sprite?${new URLSearchParams({ run, name }).toString()}`;
}
