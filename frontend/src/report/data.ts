/**
 * The data `trainboard export` embeds in the page (src/trainboard/export.py): JSON metadata and one
 * base64 buffer of little-endian columns. A series is either raw (every point) or a pyramid of
 * fixed-grid min/max/mean levels quantised to uint16, coarsest first.
 */

/** uint16 code of a bucket without finite values; 0..QUANT_MAX spans the series' [lo, hi]. */
export const EMPTY = 65535;
export const QUANT_MAX = 65534;

export interface RawSeries {
  /** Byte offset of float32 values. */
  values: number;
  /** Steps are start + i * stride, or float64 at byte offset `steps`. */
  start?: number;
  stride?: number;
  steps?: number;
}

export interface LevelsSeries {
  start: number;
  end: number;
  lo: number;
  hi: number;
  /** Coarsest first; each holds min[buckets], max[buckets], mean[buckets] as uint16 at `offset`. */
  levels: Array<{ buckets: number; offset: number }>;
}

export interface SeriesEntry {
  run: number;
  tag: number;
  count: number;
  raw?: RawSeries;
  levels?: LevelsSeries;
}

export type HParamValue = number | string | boolean | null;

export interface HParamsTable {
  hparams: string[];
  metrics: string[];
  rows: Array<{ run: string; hparams: Record<string, HParamValue>; metrics: Record<string, HParamValue> }>;
}

export interface ReportMeta {
  version: number;
  title: string;
  logdir: string;
  created: number;
  trainboard: string;
  runs: string[];
  tags: string[];
  hparams: HParamsTable;
  series: SeriesEntry[];
}

/** A series decoded: raw points, or its levels as numbers (NaN for an empty bucket). */
export type Decoded =
  | { kind: "raw"; count: number; step: Float64Array; value: Float32Array }
  | { kind: "levels"; count: number; start: number; end: number; levels: Level[] };

export interface Level {
  buckets: number;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
}

export interface Report {
  meta: ReportMeta;
  /** Series by run, then tag. */
  series: Map<string, Map<string, Decoded>>;
}

/** Reads the two embedded script elements; throws with a message a user can act on. */
export function readEmbedded(doc: Document = document): Report {
  const metaText = doc.getElementById("tb-report-meta")?.textContent ?? "";
  const binaryText = doc.getElementById("tb-report-binary")?.textContent ?? "";
  if (metaText.startsWith("__TRAINBOARD")) {
    throw new Error("This is the report template without data: write a report with `trainboard export --logdir DIR -o report.html`.");
  }
  return decodeReport(JSON.parse(metaText) as ReportMeta, base64Bytes(binaryText.trim()));
}

export function base64Bytes(text: string): Uint8Array {
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
  return bytes;
}

export function decodeReport(meta: ReportMeta, bytes: Uint8Array): Report {
  // Typed views need aligned offsets: the exporter aligns each column within the buffer, so the buffer
  // itself must start at offset 0 of its ArrayBuffer.
  const buffer = bytes.byteOffset === 0 ? bytes.buffer : bytes.slice().buffer;
  const series = new Map<string, Map<string, Decoded>>();
  for (const entry of meta.series) {
    const run = meta.runs[entry.run];
    let byTag = series.get(run);
    if (!byTag) series.set(run, (byTag = new Map()));
    byTag.set(meta.tags[entry.tag], decodeSeries(entry, buffer));
  }
  return { meta, series };
}

function decodeSeries(entry: SeriesEntry, buffer: ArrayBufferLike): Decoded {
  const n = entry.count;
  if (entry.raw) {
    const raw = entry.raw;
    const value = new Float32Array(buffer, raw.values, n);
    let step: Float64Array;
    if (raw.steps !== undefined) step = new Float64Array(buffer, raw.steps, n);
    else {
      step = new Float64Array(n);
      for (let i = 0; i < n; i++) step[i] = (raw.start ?? 0) + i * (raw.stride ?? 1);
    }
    return { kind: "raw", count: n, step, value };
  }
  const lv = entry.levels!;
  const scale = lv.hi > lv.lo ? (lv.hi - lv.lo) / QUANT_MAX : 0;
  const levels = lv.levels.map(({ buckets, offset }) => {
    const codes = new Uint16Array(buffer, offset, 3 * buckets);
    const column = (k: number) => {
      const out = new Float64Array(buckets);
      for (let i = 0; i < buckets; i++) {
        const c = codes[k * buckets + i];
        out[i] = c === EMPTY ? NaN : lv.lo + c * scale;
      }
      return out;
    };
    return { buckets, min: column(0), max: column(1), mean: column(2) };
  });
  return { kind: "levels", count: n, start: lv.start, end: lv.end, levels };
}
