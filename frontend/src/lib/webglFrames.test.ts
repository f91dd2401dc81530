import { EventDispatcher } from "three";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

import { FRAME_BUDGET_MS, identity, levelOfDetail, nextSampleSize, permutation, REST_MS } from "./webglFrames";

describe("nextSampleSize", () => {
  it("halves a sample whose frame is over budget, down to the floor and no further", () => {
    let size = 30_000;
    const seen = [];
    for (let i = 0; i < 10; i++) seen.push((size = nextSampleSize(size, 40, 5_000, 100_000)));
    expect(seen.slice(0, 3)).toEqual([15_000, 7_500, 5_000]);
    expect(Math.min(...seen)).toBe(5_000);
  });
  it("grows a sample whose frame takes under half the budget, up to every point", () => {
    expect(nextSampleSize(10_000, FRAME_BUDGET_MS / 4, 5_000, 100_000)).toBe(12_500);
    expect(nextSampleSize(90_000, 1, 5_000, 100_000)).toBe(100_000);
  });
  it("keeps a sample whose frame is within budget but not under half of it", () => {
    expect(nextSampleSize(10_000, FRAME_BUDGET_MS * 0.75, 5_000, 100_000)).toBe(10_000);
  });
  it("never asks for more points than there are, even below the floor", () => {
    expect(nextSampleSize(3_000, 40, 5_000, 2_000)).toBe(2_000);
  });
});

describe("permutation", () => {
  it("is a shuffled order of every index, the same for the same seed", () => {
    const p = permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual([...identity(1000)]);
    expect(p).not.toEqual(identity(1000));
    expect(permutation(1000)).toEqual(p);
  });
});

describe("levelOfDetail", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = (total: number) => {
    const controls = new EventDispatcher<{ start: object; end: object; change: object }>();
    const shown: (number | null)[] = [];
    const lod = levelOfDetail(controls as unknown as OrbitControls, () => undefined, {
      total: () => total,
      floor: 5_000,
      start: 30_000,
      show: (count) => shown.push(count),
    });
    return { controls, shown, lod };
  };

  it("sizes the moving sample by frame time, never below its floor, and shows every point at rest", () => {
    const { controls, shown, lod } = setup(100_000);
    controls.dispatchEvent({ type: "start" });
    for (let i = 0; i < 12; i++) {
      controls.dispatchEvent({ type: "change" });
      expect(lod.moving).toBe(true);
      lod.frameTook(80); // far over budget every frame
    }
    expect(shown.slice(0, 4)).toEqual([30_000, 15_000, 7_500, 5_000]);
    expect(Math.min(...(shown as number[]))).toBe(5_000);
    // Held still with the button down: still the sample.
    vi.advanceTimersByTime(REST_MS * 3);
    expect(shown.at(-1)).toBe(5_000);
    controls.dispatchEvent({ type: "end" });
    vi.advanceTimersByTime(REST_MS + 1);
    expect(shown.at(-1)).toBeNull();
    expect(lod.moving).toBe(false);
    // The next drag starts from the size learned, and a fast frame grows it.
    controls.dispatchEvent({ type: "change" });
    expect(shown.at(-1)).toBe(5_000);
    lod.frameTook(1);
    controls.dispatchEvent({ type: "change" });
    expect(shown.at(-1)).toBe(6_250);
  });

  it("takes the view's own camera moves (framing new data) for no drag", () => {
    const { controls, shown, lod } = setup(100_000);
    lod.still(() => controls.dispatchEvent({ type: "change" }));
    expect(lod.moving).toBe(false);
    expect(shown).toEqual([]);
    controls.dispatchEvent({ type: "change" });
    expect(shown).toEqual([30_000]);
  });

  it("draws every point of a view no bigger than the floor, moving or not", () => {
    const { controls, shown, lod } = setup(5_000);
    controls.dispatchEvent({ type: "change" });
    expect(lod.moving).toBe(false);
    vi.advanceTimersByTime(REST_MS + 1);
    expect(shown).toEqual([]);
  });
});
