import { QueryClient } from "@tanstack/react-query";

import { lastValuesQuery } from "./lastValues";
import { seriesQuery } from "./series";

/** A columnar answer with one series of one point (see plugins/scalars/columnar.py). */
function answer(): ArrayBuffer {
  let header = JSON.stringify({
    columns: ["x", "step", "wall_time", "value", "smoothed"],
    band_columns: ["x_lo", "x_hi", "min", "max"],
    missing: [],
    series: [{ run: "a", tag: "loss", total: 1, in_range: 1, downsampled: false, n: 1, nb: 0 }],
  });
  header += " ".repeat((8 - ((8 + header.length) % 8)) % 8); // the columns start 8-aligned
  const head = new TextEncoder().encode(header);
  const buffer = new ArrayBuffer(8 + head.length + 5 * 8);
  const bytes = new Uint8Array(buffer);
  bytes.set(new TextEncoder().encode("TBC1"));
  new DataView(buffer).setUint32(4, head.length, true);
  bytes.set(head, 8);
  new Float64Array(buffer, 8 + head.length).set([3, 3, 100, 0.5, 0.5]);
  return buffer;
}

describe("seriesQuery", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks again with the last ETag and keeps its answer on a 304", async () => {
    const sent: Array<string | null> = [];
    const fetchMock = vi.fn(async (_path: string, init: RequestInit) => {
      const ifNoneMatch = (init.headers as Record<string, string>)["If-None-Match"] ?? null;
      sent.push(ifNoneMatch);
      if (ifNoneMatch === 'W/"v1"') return new Response(null, { status: 304, headers: { ETag: 'W/"v1"' } });
      return new Response(answer(), { status: 200, headers: { ETag: 'W/"v1"' } });
    });
    vi.stubGlobal("fetch", fetchMock);
    const client = new QueryClient();
    const options = seriesQuery(["a"], ["loss"], { points: 10, smoothing: 0, x: "step", range: null });
    const first = await client.fetchQuery(options);
    expect(first.get("a\u0000loss")?.value[0]).toBe(0.5);
    await client.invalidateQueries();
    const again = await client.fetchQuery({ ...options, staleTime: 0 });
    expect(sent).toEqual([null, 'W/"v1"']);
    expect(again).toBe(first);
  });
});

describe("lastValuesQuery", () => {
  it("carries the hash useQuery would compute for its key", () => {
    const options = lastValuesQuery(["a", "b/c"], ["loss"]);
    const { queryHash } = new QueryClient().defaultQueryOptions({ queryKey: options.queryKey });
    expect(options.queryHash).toBe(queryHash);
  });
});
