/**
 * "Colour by", as TensorBoard's graph has it: each box filled by its device, or by the compute time or
 * memory the run metadata measured (a closed scope by the sum of the ops inside), or left to the op
 * type stripes. Pure functions: the view only paints the fills and the legend they return.
 */
import { PALETTE } from "../../lib/colors";
import type { NodeStats } from "./calls/graph";
import type { GraphModel } from "./model";

export type ColorBy = "op" | "device" | "compute" | "memory";

export const COLOR_BY_LABELS: Record<ColorBy, string> = {
  op: "Op type",
  device: "Device",
  compute: "Compute time",
  memory: "Memory",
};

export type Legend =
  | { kind: "none" }
  | { kind: "categories"; items: { label: string; color: string }[] }
  | { kind: "range"; min: number; max: number; unit: "micros" | "bytes"; low: string; high: string };

export interface Coloring {
  /** Box id -> fill; boxes without one keep the theme's fill. */
  fills: Map<string, string>;
  legend: Legend;
}

/** The sequential ramp's far end; near-zero values mix towards the surface, so it works in both themes. */
const HOT = "#e8590c";
const MIXED = "#9aa4b2";
export const rampColor = (t: number) =>
  `color-mix(in srgb, ${HOT} ${Math.round(8 + 80 * Math.min(1, Math.max(0, t)))}%, var(--tb-surface))`;

/** The device a node ran on: the run metadata's, else the one the graph names; "" when neither says. */
export function nodeDevice(name: string, device: string, stats: Record<string, NodeStats> | null): string {
  return stats?.[name]?.device || device;
}

/** A device as people read it: "/job:localhost/replica:0/task:0/device:GPU:0" -> "GPU:0". */
export function shortDevice(device: string): string {
  const m = /device:([^/]+)$/i.exec(device) ?? /\/([^/]+)$/.exec(device);
  return m ? m[1] : device;
}

export function colorNodes(model: GraphModel, by: ColorBy, stats: Record<string, NodeStats> | null): Coloring {
  const fills = new Map<string, string>();
  if (by === "op") return { fills, legend: { kind: "none" } };

  // Every box's leaves, so a closed scope can be coloured by what it holds.
  const leavesOf = new Map<string, string[]>();
  const collect = (id: string): string[] => {
    const cached = leavesOf.get(id);
    if (cached) return cached;
    const group = model.groups.get(id);
    const out = group ? group.children.flatMap(collect) : model.leaves.has(id) ? [model.leaves.get(id)!.node.name] : [];
    leavesOf.set(id, out);
    return out;
  };
  const ids = [...model.leaves.keys(), ...model.groups.keys()];

  if (by === "device") {
    const devices = new Map<string, string>();
    const colorOf = (device: string) => {
      if (!devices.has(device)) devices.set(device, PALETTE[devices.size % PALETTE.length]);
      return devices.get(device)!;
    };
    const sorted = [...new Set([...model.byName.values()].map((n) => nodeDevice(n.name, n.device, stats)).filter(Boolean))].sort();
    sorted.forEach(colorOf);
    let mixed = false;
    for (const id of ids) {
      const found = new Set(collect(id).map((name) => nodeDevice(name, model.byName.get(name)?.device ?? "", stats)).filter(Boolean));
      if (found.size === 1) fills.set(id, colorMix(colorOf([...found][0])));
      else if (found.size > 1) {
        fills.set(id, colorMix(MIXED));
        mixed = true;
      }
    }
    const items = sorted.map((d) => ({ label: shortDevice(d), color: colorMix(colorOf(d)) }));
    if (mixed) items.push({ label: "several devices", color: colorMix(MIXED) });
    return { fills, legend: items.length ? { kind: "categories", items } : { kind: "none" } };
  }

  const value = (name: string) => {
    const s = stats?.[name];
    return s ? (by === "compute" ? s.compute_micros : s.memory_bytes) : null;
  };
  const totals = new Map<string, number>();
  for (const id of ids) {
    let sum = 0;
    let any = false;
    for (const name of collect(id)) {
      const v = value(name);
      if (v !== null) {
        sum += v;
        any = true;
      }
    }
    if (any) totals.set(id, sum);
  }
  // Leaves and closed scopes share one ramp, as only one of a scope and its ops is on screen at a time
  // when it matters; the scale is over the leaves so one big scope does not wash out every op.
  const leafValues = [...model.leaves.keys()].flatMap((id) => (totals.has(id) ? [totals.get(id)!] : []));
  const max = Math.max(0, ...leafValues);
  for (const [id, v] of totals) fills.set(id, rampColor(max > 0 ? v / max : 0));
  if (!totals.size) return { fills, legend: { kind: "none" } };
  return {
    fills,
    legend: { kind: "range", min: 0, max, unit: by === "compute" ? "micros" : "bytes", low: rampColor(0), high: rampColor(1) },
  };
}

const colorMix = (c: string) => `color-mix(in srgb, ${c} 38%, var(--tb-surface))`;

/** "250 µs", "1.5 ms", "2.3 s". */
export function formatMicros(us: number): string {
  if (us < 1000) return `${round(us)} µs`;
  if (us < 1e6) return `${round(us / 1000)} ms`;
  return `${round(us / 1e6)} s`;
}

/** "512 B", "4 KiB", "1.5 MiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${round(v)} ${units[u]}`;
}

const round = (v: number) => (v >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(3).replace(/\.?0+$/, ""));
