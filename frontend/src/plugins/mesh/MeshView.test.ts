import { describe, expect, it } from "vitest";

import { shuffleCloud } from "./MeshView";

describe("shuffleCloud", () => {
  it("reorders every vertex once, keeping each vertex with its colour", () => {
    const n = 1000;
    const vertices = Float32Array.from({ length: n * 3 }, (_, i) => Math.floor(i / 3) + (i % 3) / 10);
    const colors = Uint8Array.from({ length: n * 3 }, (_, i) => Math.floor(i / 3) % 256);
    const out = shuffleCloud(vertices, colors);
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const vertex = out.vertices[i * 3]!;
      seen.add(vertex);
      expect(out.vertices[i * 3 + 2]).toBeCloseTo(vertex + 0.2);
      expect(out.colors![i * 3]).toBe(vertex % 256);
    }
    expect(seen.size).toBe(n);
    expect(out.vertices[0]).not.toBe(0); // shuffled, not the logged order
  });
});
