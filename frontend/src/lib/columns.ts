/**
 * Reads the columnar answer of POST /api/scalars/runs (src/trainboard/plugins/scalars/columnar.py has
 * the layout): a JSON header, then float64 columns that become typed-array views, not copies.
 */
import type { ScalarsResponse } from "./calls/series";

export interface ColumnsAnswer {
  series: ScalarsResponse[];
  missing: Array<[string, string]>;
}

interface HeaderSeries {
  run: string;
  tag: string;
  total: number;
  in_range: number;
  downsampled: boolean;
  n: number;
  nb: number;
  members?: number;
}

interface Header {
  columns: string[];
  band_columns: string[];
  series: HeaderSeries[];
  missing: Array<[string, string]>;
}

const MAGIC = "TBC1";

export function decodeColumns(buffer: ArrayBuffer): ColumnsAnswer {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) {
    throw new Error("The server's answer is not in trainboard's columnar format; reload the page");
  }
  const size = new DataView(buffer).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size))) as Header;
  const floats = new Float64Array(buffer, 8 + size);
  let at = 0;
  const take = (n: number) => {
    const col = floats.subarray(at, at + n);
    at += n;
    return col;
  };
  const series = header.series.map((h): ScalarsResponse => {
    const cols: Record<string, Float64Array> = {};
    for (const c of header.columns) cols[c] = take(h.n);
    let band: ScalarsResponse["band"] = null;
    if (h.nb > 0) {
      const b: Record<string, Float64Array> = {};
      for (const c of header.band_columns) b[c] = take(h.nb);
      band = { x_lo: b.x_lo, x_hi: b.x_hi, min: b.min, max: b.max };
    }
    return {
      run: h.run,
      tag: h.tag,
      members: h.members,
      total: h.total,
      in_range: h.in_range,
      downsampled: h.downsampled,
      x: cols.x,
      step: cols.step,
      wall_time: cols.wall_time,
      value: cols.value,
      smoothed: cols.smoothed,
      band,
    };
  });
  if (at !== floats.length) throw new Error(`The columnar answer holds ${floats.length} values, its header describes ${at}`);
  return { series, missing: header.missing };
}
