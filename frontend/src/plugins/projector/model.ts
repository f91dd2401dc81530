/** The projector's pure parts: binary answers, colouring by a metadata column, label search, sampling. */
import { ApiError, apiUrl, type QueryValue } from "../../lib/api";
import { identity } from "../../lib/webglFrames";

export { identity, permutation } from "../../lib/webglFrames";

/** A float32 matrix as the server sends it (row-major, shape from the X-Shape header). */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** GETs a little-endian float32 matrix; a non-2xx answer becomes an ApiError with the server's message. */
export async function fetchMatrix(
  path: string,
  params: Record<string, QueryValue>,
  signal?: AbortSignal,
): Promise<Matrix & { headers: Headers }> {
  const response = await fetch(apiUrl(path, params), { signal });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText} from ${path}`;
    try {
      const body = (await response.json()) as { error?: string };
      if (body.error) message = body.error;
    } catch {
      // not JSON
    }
    throw new ApiError(message, response.status);
  }
  const buffer = await response.arrayBuffer();
  const shape = (response.headers.get("X-Shape") ?? "").split(",").map(Number);
  const data = new Float32Array(buffer);
  const rows = shape[0] ?? 0;
  const cols = shape.length > 1 ? (shape[1] ?? 0) : 1;
  if (rows * cols !== data.length) throw new ApiError(`${path} sent ${data.length} values for shape ${shape}`, 500);
  return { data, rows, cols, headers: response.headers };
}

/** How a metadata column is coloured: numbers on a continuous ramp, anything else by category. */
export type ColumnKind = { kind: "continuous"; min: number; max: number } | { kind: "categorical"; categories: string[] };

/** A column is continuous when every non-empty value is a number and there are more than 12 distinct ones. */
export function columnKind(values: readonly string[]): ColumnKind {
  const distinct = new Set(values);
  let numeric = true;
  let min = Infinity;
  let max = -Infinity;
  for (const v of distinct) {
    if (v === "") continue;
    const x = Number(v);
    if (!Number.isFinite(x)) {
      numeric = false;
      break;
    }
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (numeric && distinct.size > 12 && min <= max) return { kind: "continuous", min, max };
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  // Most frequent first: they get the most distinct colours.
  const categories = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0]);
  return { kind: "categorical", categories };
}

// A 20-colour categorical palette readable on dark and light backgrounds (d3's category20 order).
const PALETTE = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
];
/** Colour of categories past the palette. */
export const OTHER_COLOR = "#888888";

export function hexToRgb(hex: string): [number, number, number] {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? h.split("").map((c) => c + c).join("") : h.slice(0, 6);
  const n = parseInt(full, 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** Viridis-like ramp, t in [0, 1]. */
export function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [0.267, 0.005, 0.329],
    [0.229, 0.322, 0.546],
    [0.128, 0.567, 0.551],
    [0.369, 0.789, 0.383],
    [0.993, 0.906, 0.144],
  ];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** The legend of a column: category -> colour (the first 20), or the ramp's ends. */
export function categoryColor(kind: ColumnKind, value: string): string {
  if (kind.kind !== "categorical") return OTHER_COLOR;
  const i = kind.categories.indexOf(value);
  return i >= 0 && i < PALETTE.length ? PALETTE[i]! : OTHER_COLOR;
}

/** RGB per point (n x 3 floats in [0, 1]); without a column every point has `base`. */
export function pointColors(n: number, values: readonly string[] | null, base: string): Float32Array {
  const out = new Float32Array(n * 3);
  const put = (i: number, rgb: readonly number[]) => {
    out[i * 3] = rgb[0]!;
    out[i * 3 + 1] = rgb[1]!;
    out[i * 3 + 2] = rgb[2]!;
  };
  if (!values) {
    const rgb = hexToRgb(base);
    for (let i = 0; i < n; i++) put(i, rgb);
    return out;
  }
  const other = hexToRgb(OTHER_COLOR);
  const kind = columnKind(values);
  if (kind.kind === "continuous") {
    const span = kind.max - kind.min || 1;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      put(i, v === undefined || v === "" ? other : ramp((Number(v) - kind.min) / span));
    }
    return out;
  }
  const lookup = new Map<string, [number, number, number]>();
  kind.categories.forEach((c, i) => lookup.set(c, hexToRgb(i < PALETTE.length ? PALETTE[i]! : OTHER_COLOR)));
  for (let i = 0; i < n; i++) put(i, lookup.get(values[i] ?? "") ?? other);
  return out;
}

/** Indices of the points whose label matches `query`: a /regex/ or a case-insensitive substring. */
export function searchLabels(labels: readonly string[], query: string): number[] {
  const q = query.trim();
  if (!q) return [];
  let test: (s: string) => boolean;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(q);
  if (regex) {
    try {
      const re = new RegExp(regex[1]!, regex[2]!.includes("i") ? "i" : "");
      test = (s) => re.test(s);
    } catch {
      return [];
    }
  } else {
    const lower = q.toLowerCase();
    test = (s) => s.toLowerCase().includes(lower);
  }
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (test(labels[i]!)) out.push(i);
  return out;
}

/** Rows `order` of an n x 3 array, in that order. */
export function reorder(positions: Float32Array, order: Uint32Array): Float32Array {
  const out = new Float32Array(order.length * 3);
  for (let i = 0; i < order.length; i++) {
    const from = order[i]! * 3;
    out[i * 3] = positions[from]!;
    out[i * 3 + 1] = positions[from + 1]!;
    out[i * 3 + 2] = positions[from + 2]!;
  }
  return out;
}

/** Values `order` of a one-value-a-point array, in that order. */
export function pick<T extends Uint8Array | Uint32Array>(values: T, order: Uint32Array, out: T): T {
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]!]!;
  return out;
}

/** `k` distinct indices of [0, n), the same for the same (n, k, seed), in increasing order. */
export function sampleIndices(n: number, k: number, seed = 1): Uint32Array {
  if (k >= n) return identity(n);
  const idx = identity(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < k; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = i + ((s >>> 0) % (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, k).sort();
}

/** Positions scaled into [-1, 1] around their centre (keeps aspect), n x 3; `dims` 2 zeroes z. */
export function normalize(positions: Float32Array, n: number, stride: number, dims: 2 | 3): Float32Array {
  const out = new Float32Array(n * 3);
  const used = Math.min(stride, dims);
  const mean = [0, 0, 0];
  for (let d = 0; d < used; d++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += positions[i * stride + d]!;
    mean[d] = n ? sum / n : 0;
  }
  let extent = 0;
  for (let d = 0; d < used; d++) {
    const m = mean[d]!;
    for (let i = 0; i < n; i++) {
      const v = positions[i * stride + d]! - m;
      out[i * 3 + d] = v;
      if (v > extent) extent = v;
      else if (-v > extent) extent = -v;
    }
  }
  if (extent > 0) for (let i = 0; i < out.length; i++) out[i]! /= extent;
  return out;
}

/** The distance from the centre at which a perspective camera with vertical field of view `fovDeg`
 * sees all of a sphere of `radius`, in a view `aspect` (width / height) wide: the narrower of the two
 * half-angles decides, so a tall, narrow view stands further back. */
export function fitDistance(radius: number, fovDeg: number, aspect: number): number {
  const vertical = (fovDeg * Math.PI) / 360;
  const horizontal = Math.atan(Math.tan(vertical) * aspect);
  return radius / Math.sin(Math.min(vertical, horizontal));
}

/** The half-height of an orthographic view `aspect` wide in which a disc of `radius` fits. */
export function fitHalfHeight(radius: number, aspect: number): number {
  return aspect >= 1 ? radius : radius / aspect;
}

/** The largest distance of an n x 3 position from the origin (0 for none). */
export function radiusOf(positions: Float32Array): number {
  let most = 0;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i]!, y = positions[i + 1]!, z = positions[i + 2]!;
    most = Math.max(most, x * x + y * y + z * z);
  }
  return Math.sqrt(most);
}
