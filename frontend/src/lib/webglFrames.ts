/** What a WebGL view (the projector's points, the mesh view) tells benchmarks and tests about its
 * frames, and the level of detail both use while their camera moves. */
import type * as THREE from "three";
import type { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

export interface FrameHook {
  /** Frames drawn so far. */
  frames: number;
  /** When an array, each frame pushes the ms its drawing took to finish (a pixel read back waits for
   * it; chromium's gl.finish does not): for benchmarks. */
  timing?: number[] | null;
  /** When true, every point is drawn while the view moves too (a benchmark's reference). */
  fullWhileMoving?: boolean;
  /** The sample size the level of detail would draw in the next moving frame. */
  sampleSize?: number;
}

/** While a view's camera moves, it draws a sample; every point once the camera has rested this long. */
export const REST_MS = 150;
/** A moving frame should take no longer than this (60 frames a second). */
export const FRAME_BUDGET_MS = 16;

/** [0, 1, ..., n - 1]. */
export function identity(n: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx;
}

/** A shuffled order of [0, n), the same for the same (n, seed). */
export function permutation(n: number, seed = 1): Uint32Array {
  const idx = identity(n);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx;
}

const pixel = new Uint8Array(4);

/** Draw with `renderer`. With `finish` (or when hook.timing is an array) it waits for the GPU to finish
 * (a pixel read back) and returns the ms the frame took, pushing it to hook.timing; else NaN. */
export function drawTimed(
  renderer: THREE.WebGLRenderer,
  scene: THREE.Scene,
  camera: THREE.Camera,
  hook?: FrameHook,
  finish = false,
): number {
  const timing = hook?.timing;
  if (!timing && !finish) {
    renderer.render(scene, camera);
    return NaN;
  }
  const start = performance.now();
  renderer.render(scene, camera);
  const gl = renderer.getContext();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  const ms = performance.now() - start;
  timing?.push(ms);
  return ms;
}

/** The sample to draw in the next moving frame, given the one just drawn took `ms`: halved while a
 * frame is over budget, grown by a quarter while one takes under half of it, never below `floor`
 * (nor above `total`). Frames between half the budget and the budget keep the size. */
export function nextSampleSize(size: number, ms: number, floor: number, total: number, budget = FRAME_BUDGET_MS): number {
  const low = Math.min(floor, total);
  let next = size;
  if (ms > budget) next = Math.floor(size / 2);
  else if (ms < budget / 2) next = Math.ceil(size * 1.25);
  return Math.max(low, Math.min(total, next));
}

export interface LevelOfDetail {
  /** Whether the camera is moving and the view draws a sample (`sample` points). */
  readonly moving: boolean;
  /** Points the next moving frame draws. */
  readonly sample: number;
  /** Report how long the last moving frame took (ms): the sample adapts to it. */
  frameTook(ms: number): void;
  /** Run `move` (a camera move of the view's own, such as framing new data) with every point drawn:
   * the camera changes it makes are not a user's. */
  still(move: () => void): void;
  /** Cancel a pending rest (on unmount). */
  cancel(): void;
}

export interface LevelOfDetailOptions {
  /** Points the view has now. */
  total: () => number;
  /** The sample never has fewer points than this (all of them when the view has fewer). */
  floor: number;
  /** The first moving frame's sample. */
  start: number;
  /** Show `count` points (the first of the view's drawing order: a sample), or every point for null. */
  show: (count: number | null) => void;
  hook?: () => FrameHook | undefined;
}

/** Level of detail for a view under orbit controls, sized by measured frame time. On each camera
 * change it shows a sample when the view has more than `floor` points, sized by `nextSampleSize` from
 * the moving frames so far (kept from one drag to the next); once the camera has rested `REST_MS` with
 * no button held it shows every point, since a slow sample frame must not let a full one in mid-drag. */
export function levelOfDetail(controls: OrbitControls, render: () => void, options: LevelOfDetailOptions): LevelOfDetail {
  let rest = 0;
  let dragging = false;
  let moving = false;
  let sample = options.start;
  let quiet = false;
  const settle = () => {
    rest = 0;
    if (dragging) return;
    moving = false;
    options.show(null);
    render();
  };
  const restLater = () => {
    window.clearTimeout(rest);
    rest = window.setTimeout(settle, REST_MS);
  };
  controls.addEventListener("start", () => (dragging = true));
  controls.addEventListener("end", () => {
    dragging = false;
    restLater();
  });
  controls.addEventListener("change", () => {
    const total = options.total();
    if (!quiet && total > options.floor && !options.hook?.()?.fullWhileMoving) {
      moving = true;
      options.show(Math.min(total, sample));
      restLater();
    }
    render();
  });
  return {
    get moving() {
      return moving;
    },
    get sample() {
      return sample;
    },
    frameTook(ms: number) {
      if (!moving || !Number.isFinite(ms)) return;
      sample = nextSampleSize(sample, ms, options.floor, options.total());
      const hook = options.hook?.();
      if (hook) hook.sampleSize = sample;
    },
    still(move: () => void) {
      quiet = true;
      try {
        move();
      } finally {
        quiet = false;
      }
    },
    cancel: () => window.clearTimeout(rest),
  };
}
