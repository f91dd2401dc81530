/**
 * From the visible part of the model to positioned boxes and edge paths: builds the ELK graph (open
 * scopes become compound nodes) and lays it out in a Web Worker with elkjs's layered algorithm.
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";

import { type GraphModel, isGroupId, visibleEdges, type VisibleEdge } from "./model";

export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}
export type LayoutResponse = { id: number; graph: ElkNode; ms: number } | { id: number; error: string };

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  kind: "leaf" | "closed" | "open";
  depth: number;
}

export interface EdgePath {
  edge: VisibleEdge;
  points: { x: number; y: number }[];
  labelAt: { x: number; y: number; width: number; height: number } | null;
}

export interface Layout {
  boxes: Box[];
  edges: EdgePath[];
  width: number;
  height: number;
  ms: number;
}

// Average advance per character of the box fonts (bold 12px titles, 11px subtitles), a little generous.
export const TITLE_CHAR = 7.6;
export const SUBTITLE_CHAR = 6.7;
export const BOX_PADDING = 30;
const LEAF_HEIGHT = 40;
export const GROUP_HEADER = 26;
const LABEL_HEIGHT = 14;

const ROOT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  // Absolute coordinates for every shape and edge, so drawing needs no offsets.
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.spacing.nodeNodeBetweenLayers": "28",
  "elk.spacing.nodeNode": "22",
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeLabel": "4",
  "elk.edgeLabels.placement": "CENTER",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
};
const GROUP_OPTIONS: Record<string, string> = {
  "elk.padding": `[top=${GROUP_HEADER + 10},left=12,bottom=12,right=12]`,
};

// A few pixels of slack over what GraphView's clip() needs, so a label that fits is never cut.
function textWidth(text: string, min: number, perChar = TITLE_CHAR): number {
  return Math.max(min, Math.ceil(text.length * perChar) + BOX_PADDING + 8);
}

/** The ELK input for the boxes and edges that `expanded` makes visible. */
export function elkGraph(model: GraphModel, expanded: ReadonlySet<string>): { graph: ElkNode; edges: VisibleEdge[] } {
  const toElk = (id: string): ElkNode => {
    if (!isGroupId(id)) {
      const leaf = model.leaves.get(id)!;
      const width = Math.max(textWidth(leaf.title, 90), textWidth(leaf.subtitle, 90, SUBTITLE_CHAR));
      return { id, width: Math.min(width, 340), height: LEAF_HEIGHT };
    }
    const group = model.groups.get(id)!;
    if (!expanded.has(id)) {
      return { id, width: Math.min(textWidth(`+ ${group.label}`, 120) + 4, 360), height: LEAF_HEIGHT + 4 };
    }
    return {
      id,
      layoutOptions: { ...GROUP_OPTIONS, "elk.nodeSize.minimum": `(${textWidth(group.label, 80) + 24}, 40)` },
      children: group.children.map(toElk),
    };
  };
  const edges = visibleEdges(model, expanded);
  const elkEdges: ElkExtendedEdge[] = edges.map((e) => ({
    id: e.id,
    sources: [e.source],
    targets: [e.target],
    labels: e.label ? [{ id: `${e.id}l`, text: e.label, width: Math.ceil(e.label.length * SUBTITLE_CHAR) + 6, height: LABEL_HEIGHT }] : [],
  }));
  return {
    graph: { id: "root", layoutOptions: ROOT_OPTIONS, children: model.roots.map(toElk), edges: elkEdges },
    edges,
  };
}

/** Reads positions back from ELK's answer. */
export function readLayout(result: ElkNode, edges: VisibleEdge[], expanded: ReadonlySet<string>, ms: number): Layout {
  const boxes: Box[] = [];
  const walk = (node: ElkNode, depth: number) => {
    for (const child of node.children ?? []) {
      const kind = !isGroupId(child.id) ? "leaf" : expanded.has(child.id) ? "open" : "closed";
      boxes.push({ id: child.id, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0, kind, depth });
      walk(child, depth + 1);
    }
  };
  walk(result, 0);
  const byId = new Map(edges.map((e) => [e.id, e]));
  const paths: EdgePath[] = [];
  for (const e of (result.edges ?? []) as ElkExtendedEdge[]) {
    const edge = byId.get(e.id);
    if (!edge) continue;
    const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
    const label = e.labels?.[0];
    paths.push({
      edge,
      points,
      labelAt: label ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } : null,
    });
  }
  return { boxes, edges: paths, width: result.width ?? 0, height: result.height ?? 0, ms };
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, (r: LayoutResponse) => void>();

function layoutWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      pending.get(event.data.id)?.(event.data);
      pending.delete(event.data.id);
    };
  }
  return worker;
}

/** Starts the worker and lets elkjs warm up on a tiny graph while the real one is still downloading. */
export function warmUpLayout(): void {
  const id = nextId++;
  const graph: ElkNode = { id: "root", layoutOptions: ROOT_OPTIONS, children: [{ id: "a", width: 10, height: 10 }] };
  pending.set(id, () => undefined);
  layoutWorker().postMessage({ id, graph } satisfies LayoutRequest);
}

/** Lays out the visible graph in the worker. */
export async function layoutGraph(model: GraphModel, expanded: ReadonlySet<string>): Promise<Layout> {
  const { graph, edges } = elkGraph(model, expanded);
  const id = nextId++;
  const reply = await new Promise<LayoutResponse>((resolve) => {
    pending.set(id, resolve);
    layoutWorker().postMessage({ id, graph } satisfies LayoutRequest);
  });
  if ("error" in reply) throw new Error(`Graph layout failed: ${reply.error}`);
  return readLayout(reply.graph, edges, expanded, reply.ms);
}
