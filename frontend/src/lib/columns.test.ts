import { describe, expect, it } from "vitest";

import { decodeColumns } from "./columns";

/** Builds an answer the way plugins/scalars/columnar.py lays it out. */
function encode(header: object, floats: number[]): ArrayBuffer {
  let head = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - ((8 + head.length) % 8)) % 8;
  head = new TextEncoder().encode(JSON.stringify(header) + " ".repeat(pad));
  const buf = new ArrayBuffer(8 + head.length + floats.length * 8);
  const bytes = new Uint8Array(buf);
  bytes.set([84, 66, 67, 49]);
  new DataView(buf).setUint32(4, head.length, true);
  bytes.set(head, 8);
  new Float64Array(buf, 8 + head.length).set(floats);
  return buf;
}

const COLUMNS = ["x", "step", "wall_time", "value", "smoothed"];
const BAND = ["x_lo", "x_hi", "min", "max"];

describe("decodeColumns", () => {
  it("reads each series' columns and band as views in header order", () => {
    const header = {
      columns: COLUMNS,
      band_columns: BAND,
      missing: [["c", "loss"]],
      series: [
        { run: "a", tag: "loss", total: 2, in_range: 2, downsampled: false, n: 2, nb: 0 },
        { run: "b", tag: "loss", total: 9, in_range: 9, downsampled: true, n: 1, nb: 1 },
      ],
    };
    const floats = [0, 1, 0, 1, 100, 101, 5, NaN, 5, 6, 7, 7, 107, 3, 3, 7, 7, 2, 4];
    const answer = decodeColumns(encode(header, floats));
    expect(answer.missing).toEqual([["c", "loss"]]);
    const [a, b] = answer.series;
    expect(Array.from(a.x)).toEqual([0, 1]);
    expect(Array.from(a.value)).toEqual([5, NaN]);
    expect(a.band).toBeNull();
    expect(b.run).toBe("b");
    expect(Array.from(b.smoothed)).toEqual([3]);
    expect(b.band && Array.from(b.band.max)).toEqual([4]);
  });

  it("refuses an answer that is not columnar or does not match its header", () => {
    expect(() => decodeColumns(new TextEncoder().encode('{"error": "x"}').buffer)).toThrow(/columnar/);
    const header = { columns: COLUMNS, band_columns: BAND, missing: [], series: [{ run: "a", tag: "t", total: 1, in_range: 1, downsampled: false, n: 1, nb: 0 }] };
    expect(() => decodeColumns(encode(header, [1, 2, 3]))).toThrow(/holds 3/);
  });
});
