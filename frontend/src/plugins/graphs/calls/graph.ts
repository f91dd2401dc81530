/** GET /api/graph?run=: one run's graph. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.graphs;

export interface GraphInput {
  name: string;
  /** Which output of the producer (TensorFlow's `name:k`); -1 for a control input. */
  output: number;
  control: boolean;
  /** The name is not a node of the graph (torch drops the GetAttr nodes that fetch submodules). */
  dangling: boolean;
}

export interface GraphNode {
  name: string;
  op: string;
  device: string;
  inputs: GraphInput[];
  attrs: Record<string, string>;
  /** One shape per output; -1 marks an unknown size, null an unknown rank. */
  shapes: (number[] | null)[] | null;
}

export interface GraphFunction {
  name: string;
  nodes: GraphNode[];
}

/** What a run's metadata (a profiled step) measured for one node. */
export interface NodeStats {
  device: string;
  compute_micros: number;
  memory_bytes: number;
  peak_bytes: number;
  /** One shape per output slot, as GraphNode.shapes; null for a slot it did not record. */
  outputs: (number[] | null)[];
}

export interface RunMetadata {
  devices: { device: string; node_stats: number }[];
  /** By node name. */
  nodes: Record<string, NodeStats>;
}

export interface GraphResponse {
  run: string;
  producer: number | null;
  nodes: GraphNode[];
  functions: GraphFunction[];
  /** By tag ("step1", ...). */
  run_metadata: Record<string, RunMetadata>;
}

/**
 * Keyed by the graph's version rather than under runKey(run): a run that logs a scalar every second
 * must not refetch (and re-lay out) a graph that has not changed.
 */
export function graphQuery(run: string | null, version: string) {
  return queryOptions({
    queryKey: [root, run ?? "", version],
    queryFn: ({ signal }) => fetchJson<GraphResponse>("api/graph", { run }, signal),
    enabled: run !== null,
    staleTime: Infinity,
  });
}

export const useGraph = (run: string | null, version: string) => useQuery(graphQuery(run, version));
