/** What a WebGL view (the projector's points, the mesh view) tells benchmarks and tests about its frames. */
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
}

/** While a view's camera moves, it draws a sample; every point once the camera has rested this long. */
export const REST_MS = 150;

const pixel = new Uint8Array(4);

/** Draw with `renderer`, timing it into hook.timing when that is an array (the wait for the GPU included). */
export function drawTimed(renderer: THREE.WebGLRenderer, scene: THREE.Scene, camera: THREE.Camera, hook?: FrameHook) {
  const timing = hook?.timing;
  if (!timing) {
    renderer.render(scene, camera);
    return;
  }
  const start = performance.now();
  renderer.render(scene, camera);
  const gl = renderer.getContext();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  timing.push(performance.now() - start);
}

/** Level of detail for a view under orbit controls. On each camera change `sample()` draws a sample
 * if the view wants one (and says so); `full()` draws everything once the camera has rested `REST_MS`
 * with no button held, since a slow sample frame must not let a full one in mid-drag. Returns what
 * cancels a pending rest. */
export function sampleWhileMoving(
  controls: OrbitControls,
  render: () => void,
  sample: () => boolean,
  full: () => void,
): () => void {
  let rest = 0;
  let dragging = false;
  const settle = () => {
    rest = 0;
    if (dragging) return;
    full();
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
    if (sample()) restLater();
    render();
  });
  return () => window.clearTimeout(rest);
}
