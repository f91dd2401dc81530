/**
 * The graph as the dashboard thinks of it: name scopes as a tree of groups, which of them are open,
 * and the boxes and edges that are visible as a result. Pure functions, no React, no layout.
 */
import type { GraphNode } from "./calls/graph";

/** Ops that only fetch parameters or hold constants: hidden unless asked for, they crowd every layer. */
const AUX_OPS = new Set(["prim::Constant", "prim::GetAttr", "prim::ListConstruct", "prim::TupleConstruct", "prim::NumToTensor"]);
/** How many boxes the first view opens up to: the model's structure at a glance, still legible when fitted. */
export const DEFAULT_VISIBLE_BUDGET = 20;

export interface Group {
  id: string;
  /** The scope's own name segment(s), e.g. "Linear[fc1]" or "encoder/layer.0" when merged. */
  label: string;
  /** The full scope path, e.g. "Policy/Linear[fc1]". */
  path: string;
  parent: string | null;
  children: string[];
  /** Number of (shown) ops inside, at any depth. */
  size: number;
}

export interface Leaf {
  id: string;
  node: GraphNode;
  parent: string | null;
  title: string;
  subtitle: string;
}

export interface GraphModel {
  groups: Map<string, Group>;
  leaves: Map<string, Leaf>;
  roots: string[];
  /** Every node by name, including hidden ones, for the side panel. */
  byName: Map<string, GraphNode>;
  /** name -> the nodes that read it (with the output index they read). */
  consumers: Map<string, { name: string; output: number }[]>;
  hiddenCount: number;
}

export const leafId = (name: string) => `n:${name}`;
const groupId = (path: string) => `g:${path}`;
export const isGroupId = (id: string) => id.startsWith("g:");

/** True for names a tracer made up ("input.1", "22"), which say less than the op. */
function isDebugName(name: string): boolean {
  return /^(\d+|[A-Za-z_]\w*\.\d+|input|x)$/.test(name);
}

function shortOp(op: string): string {
  const i = op.lastIndexOf("::");
  return i >= 0 ? op.slice(i + 2) : op;
}

/** A tensor shape as people write it: "4", "8×128", "?×3", "scalar". */
export function formatShape(shape: number[] | null | undefined): string {
  if (shape === null || shape === undefined) return "?";
  if (shape.length === 0) return "scalar";
  return shape.map((d) => (d < 0 ? "?" : String(d))).join("×");
}

export function outputShape(node: GraphNode | undefined, output: number): number[] | null {
  if (!node || !node.shapes || output < 0) return null;
  return node.shapes[output] ?? null;
}

export function isAuxNode(node: GraphNode): boolean {
  return AUX_OPS.has(node.op);
}

/** What a parameter or constant node holds, read from its attributes: `weight`, `1`, `[1, 1]`, `None`. */
export function constantText(model: GraphModel, name: string, depth = 0): string {
  const node = model.byName.get(name);
  if (!node) return name;
  if (node.op === "prim::GetAttr") return node.attrs.name ?? "attribute";
  if (node.op === "prim::Constant") return node.attrs.value ?? "None";
  if (depth < 3 && (node.op === "prim::ListConstruct" || node.op === "prim::TupleConstruct")) {
    const [open, close] = node.op === "prim::ListConstruct" ? ["[", "]"] : ["(", ")"];
    return `${open}${node.inputs.map((i) => constantText(model, i.name, depth + 1)).join(", ")}${close}`;
  }
  return node.name.slice(node.name.lastIndexOf("/") + 1);
}

/** Builds the scope tree. Scopes holding a single item are merged into it, so no box is a wrapper. */
export function buildModel(nodes: GraphNode[], showAux: boolean): GraphModel {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const consumers = new Map<string, { name: string; output: number }[]>();
  for (const node of nodes) {
    for (const input of node.inputs) {
      if (input.dangling) continue;
      const list = consumers.get(input.name) ?? [];
      list.push({ name: node.name, output: input.output });
      consumers.set(input.name, list);
    }
  }
  const shown = showAux ? nodes : nodes.filter((n) => !isAuxNode(n));

  // A raw tree of path segments first; a node whose name is also a scope (TensorFlow allows it) stays a leaf
  // inside that scope.
  interface Raw {
    path: string;
    segment: string;
    children: Map<string, Raw>;
    leaves: GraphNode[];
  }
  const root: Raw = { path: "", segment: "", children: new Map(), leaves: [] };
  for (const node of shown) {
    const parts = node.name.split("/");
    let at = root;
    for (const part of parts.slice(0, -1)) {
      const path = at.path ? `${at.path}/${part}` : part;
      let next = at.children.get(part);
      if (!next) {
        next = { path, segment: part, children: new Map(), leaves: [] };
        at.children.set(part, next);
      }
      at = next;
    }
    at.leaves.push(node);
  }

  const groups = new Map<string, Group>();
  const leaves = new Map<string, Leaf>();
  const torchStyle = nodes.some((n) => n.op.includes("::"));

  const addLeaf = (node: GraphNode, parent: string | null, scopeLabel: string | null): string => {
    const own = node.name.slice(node.name.lastIndexOf("/") + 1);
    let title: string;
    // torch names graph outputs "output/output.1": say "output 1".
    if (node.op === "IO Node") title = scopeLabel ? `${scopeLabel} ${own.replace(/^output\./, "")}` : own;
    else if (scopeLabel) title = scopeLabel;
    else title = torchStyle && isDebugName(own) ? shortOp(node.op) : own;
    const opText = shortOp(node.op);
    const shape = node.shapes && node.shapes.length ? formatShape(node.shapes[0]) : "";
    const parts = [title === opText || node.op === "IO Node" ? "" : opText, shape].filter(Boolean);
    const id = leafId(node.name);
    leaves.set(id, { id, node, parent, title, subtitle: parts.join(" · ") });
    return id;
  };

  // Returns the ids of the items that stand for `raw`'s contents under `parent`.
  const build = (raw: Raw, parent: string | null, carried: string | null): string[] => {
    const itemCount = raw.children.size + raw.leaves.length;
    const label = carried ? `${carried}/${raw.segment}` : raw.segment;
    if (raw !== root && itemCount === 1) {
      if (raw.leaves.length === 1) return [addLeaf(raw.leaves[0], parent, label)];
      const [only] = raw.children.values();
      return build(only, parent, label);
    }
    let selfId: string | null = parent;
    let group: Group | null = null;
    if (raw !== root) {
      selfId = groupId(raw.path);
      group = { id: selfId, label, path: raw.path, parent, children: [], size: 0 };
      groups.set(selfId, group);
    }
    const ids: string[] = [];
    for (const child of raw.children.values()) ids.push(...build(child, selfId, null));
    for (const node of raw.leaves) ids.push(addLeaf(node, selfId, null));
    if (!group) return ids;
    group.children = ids;
    group.size = ids.reduce((sum, id) => sum + (groups.get(id)?.size ?? 1), 0);
    return [group.id];
  };
  const roots = build(root, null, null);
  return { groups, leaves, roots, byName, consumers, hiddenCount: nodes.length - shown.length };
}

/** The groups to open first: breadth first, while the number of visible boxes stays within `budget`. */
export function defaultExpanded(model: GraphModel, budget = DEFAULT_VISIBLE_BUDGET): Set<string> {
  const open = new Set<string>();
  let visible = model.roots.length;
  const queue = model.roots.filter(isGroupId);
  while (queue.length) {
    const id = queue.shift()!;
    const group = model.groups.get(id)!;
    const after = visible - 1 + group.children.length;
    if (after > budget) continue;
    open.add(id);
    visible = after;
    queue.push(...group.children.filter(isGroupId));
  }
  return open;
}

/** The chain of groups that hold `id`, outermost first. */
export function ancestors(model: GraphModel, id: string): string[] {
  const chain: string[] = [];
  let parent = model.leaves.get(id)?.parent ?? model.groups.get(id)?.parent ?? null;
  while (parent) {
    chain.unshift(parent);
    parent = model.groups.get(parent)?.parent ?? null;
  }
  return chain;
}

function parentOf(model: GraphModel, id: string): string | null {
  return model.leaves.get(id)?.parent ?? model.groups.get(id)?.parent ?? null;
}

/** The visible box that stands for item `id`: itself, or its outermost closed group. */
export function visibleOwner(model: GraphModel, expanded: ReadonlySet<string>, id: string): string {
  for (const group of ancestors(model, id)) {
    if (!expanded.has(group)) return group;
  }
  return id;
}

export interface VisibleEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  count: number;
  control: boolean;
}

/** The edges between visible boxes: parallel tensors are bundled into one edge that says how many. */
export function visibleEdges(model: GraphModel, expanded: ReadonlySet<string>): VisibleEdge[] {
  const owner = new Map<string, string>();
  const ownerOf = (leaf: string) => {
    let o = owner.get(leaf);
    if (o === undefined) {
      o = visibleOwner(model, expanded, leaf);
      owner.set(leaf, o);
    }
    return o;
  };
  // A bundle counts distinct tensors: one tensor read by two ops inside a closed scope is one edge.
  const bundles = new Map<
    string,
    { source: string; target: string; shapes: Set<string>; tensors: Set<string>; count: number; control: boolean }
  >();
  for (const leaf of model.leaves.values()) {
    for (const input of leaf.node.inputs) {
      const sourceLeaf = leafId(input.name);
      if (input.dangling || !model.leaves.has(sourceLeaf)) continue;
      const source = ownerOf(sourceLeaf);
      const target = ownerOf(leaf.id);
      if (source === target) continue;
      // A constant shared across scopes (torch pools them) would pull edges across the whole graph:
      // draw a parameter's or constant's edge only to boxes beside it. The side panel still lists it.
      if (isAuxNode(model.leaves.get(sourceLeaf)!.node) && parentOf(model, source) !== parentOf(model, target)) continue;
      const key = `${source}\u0000${target}`;
      let bundle = bundles.get(key);
      if (!bundle) {
        bundle = { source, target, shapes: new Set(), tensors: new Set(), count: 0, control: true };
        bundles.set(key, bundle);
      }
      bundle.tensors.add(`${input.name}:${input.output}`);
      bundle.count = bundle.tensors.size;
      bundle.control = bundle.control && input.control;
      if (!input.control) bundle.shapes.add(formatShape(outputShape(model.byName.get(input.name), input.output)));
    }
  }
  let n = 0;
  return [...bundles.values()].map((b) => {
    let label = "";
    if (b.shapes.size === 1) {
      const [shape] = b.shapes;
      label = shape === "?" ? "" : shape;
      if (b.count > 1) label = label ? `${label} ×${b.count}` : `×${b.count}`;
    } else if (b.shapes.size > 1) {
      label = `${b.count} tensors`;
    }
    return { id: `e${n++}`, source: b.source, target: b.target, label, count: b.count, control: b.control };
  });
}

/** Nodes whose name contains `query` (case-insensitive), shown ones first, at most `limit`. */
export function searchNodes(model: GraphModel, query: string, limit = 50): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: string[] = [];
  for (const leaf of model.leaves.values()) {
    if (leaf.node.name.toLowerCase().includes(q) || leaf.title.toLowerCase().includes(q)) {
      hits.push(leaf.id);
      if (hits.length >= limit) break;
    }
  }
  return hits;
}
