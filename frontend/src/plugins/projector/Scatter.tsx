/** WebGL points (three.js) in 2D (orthographic, pan and zoom) or 3D (perspective, OrbitControls). */
import { useEffect, useRef } from "react";
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

import { cls } from "../../lib/names";
import { fitDistance, fitHalfHeight, radiusOf } from "./model";
import { drawTimed, type FrameHook, levelOfDetail } from "../../lib/webglFrames";

/** While the view is dragged or zoomed, it draws a sample (the first points: callers draw large
 * embeddings in a shuffled order), first this many, then sized by the measured frame time
 * (webglFrames.levelOfDetail) but never fewer than INTERACTIVE_FLOOR; all of them once it has rested
 * for REST_MS. */
export const INTERACTIVE_POINTS = 30_000;
export const INTERACTIVE_FLOOR = 5_000;
/** Point sprites are drawn this much smaller while the camera moves (fewer pixels to fill). */
export const MOVING_SIZE = 0.6;

export interface SpriteAtlas {
  url: string;
  /** [width, height] of one image in the atlas. */
  dim: [number, number];
}

export interface ScatterProps {
  /** n x 3 positions in about [-1, 1]. */
  positions: Float32Array;
  /** n x 3 RGB in [0, 1]. */
  colors: Float32Array;
  /** The point's index in the embedding (its sprite and label), per drawn point. */
  indices: Uint32Array;
  dims: 2 | 3;
  /** 0 normal, 1 a search match, 2 a neighbour, 3 the selected point; per drawn point. */
  marks: Uint8Array;
  /** Whether anything is marked: unmarked points are dimmed then. */
  dimUnmarked: boolean;
  sprite: SpriteAtlas | null;
  background: string;
  onPick: (drawn: number | null) => void;
}

const VERTEX = /* glsl */ `
  in vec3 color;
  in float mark;
  in float pindex;
  uniform float size;
  uniform float perspective;
  uniform float dimUnmarked;
  out vec3 vColor;
  out float vAlpha;
  out float vIndex;
  out float vMark;
  void main() {
    vec4 mv = modelViewMatrix * vec4(position, 1.0);
    gl_Position = projectionMatrix * mv;
    float s = size * (mark >= 2.0 ? 2.2 : (mark >= 1.0 ? 1.6 : 1.0));
    gl_PointSize = perspective > 0.5 ? s * 3.0 / max(0.2, -mv.z) : s;
    vColor = color;
    vAlpha = (dimUnmarked > 0.5 && mark < 0.5) ? 0.15 : 1.0;
    vIndex = pindex;
    vMark = mark;
    if (mark >= 0.5) gl_Position.z -= 0.001 * gl_Position.w;
  }
`;

const FRAGMENT = /* glsl */ `
  precision highp float;
  in vec3 vColor;
  in float vAlpha;
  in float vIndex;
  in float vMark;
  uniform sampler2D atlas;
  uniform float useSprite;
  uniform vec2 grid;
  uniform vec3 ring;
  out vec4 outColor;
  void main() {
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    if (useSprite > 0.5) {
      float col = mod(vIndex, grid.x);
      float row = floor(vIndex / grid.x);
      vec2 uv = vec2((col + gl_PointCoord.x) / grid.x, 1.0 - (row + gl_PointCoord.y) / grid.y);
      vec4 texel = texture(atlas, uv);
      outColor = vec4(texel.rgb, vAlpha);
      if (vMark >= 2.0 && max(abs(p.x), abs(p.y)) > 0.85) outColor = vec4(ring, 1.0);
      return;
    }
    float r = dot(p, p);
    if (r > 1.0) discard;
    vec3 c = vColor;
    if (vMark >= 2.0 && r > 0.55) c = ring;
    outColor = vec4(c, vAlpha);
  }
`;

/** Index of the drawn point nearest (x, y) in CSS pixels of `canvas`, within `radius`, or null. */
function pick(points: THREE.Points, camera: THREE.Camera, canvas: HTMLCanvasElement, x: number, y: number, radius = 10) {
  const pos = points.geometry.getAttribute("position") as THREE.BufferAttribute;
  const m = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
  const e = m.elements;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  const arr = pos.array as Float32Array;
  let best: number | null = null;
  let bestD = radius * radius;
  for (let i = 0; i < pos.count; i++) {
    const px = arr[i * 3]!;
    const py = arr[i * 3 + 1]!;
    const pz = arr[i * 3 + 2]!;
    const cw = e[3]! * px + e[7]! * py + e[11]! * pz + e[15]!;
    if (cw <= 0) continue;
    const sx = ((e[0]! * px + e[4]! * py + e[8]! * pz + e[12]!) / cw + 1) * 0.5 * w;
    const sy = (1 - (e[1]! * px + e[5]! * py + e[9]! * pz + e[13]!) / cw) * 0.5 * h;
    const d = (sx - x) ** 2 + (sy - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

interface Scene {
  renderer: THREE.WebGLRenderer;
  /** The point size at rest (uniform `size` is smaller while moving). */
  size: { value: number };
  scene: THREE.Scene;
  camera: THREE.PerspectiveCamera | THREE.OrthographicCamera;
  controls: OrbitControls;
  points: THREE.Points;
  material: THREE.ShaderMaterial;
  render: () => void;
  /** Frame a cloud of this radius around the origin, as a new embedding or projection wants. */
  fit: (radius: number) => void;
  /** The positions the view was last framed for. */
  fitted: Float32Array | null;
}

/** The perspective camera's vertical field of view, in degrees. */
const FOV = 50;
/** Room left around the farthest point when framing, as a fraction of its distance. */
const FIT_MARGIN = 1.08;

/** Test and benchmark hook: where drawn point i is on screen, in client coordinates. */
declare global {
  interface Window {
    __tbProjector?: FrameHook & { screenOf: (drawn: number) => { x: number; y: number } | null };
  }
}

export function Scatter(props: ScatterProps) {
  const host = useRef<HTMLDivElement>(null);
  const state = useRef<Scene | null>(null);
  const onPick = useRef(props.onPick);
  onPick.current = props.onPick;

  // The renderer, camera and controls: made again when switching 2D and 3D.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const renderer = new THREE.WebGLRenderer({ antialias: false, alpha: false });
    renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    el.appendChild(renderer.domElement);
    renderer.domElement.setAttribute("data-testid", "projector-canvas");
    const scene = new THREE.Scene();
    const aspect = () => Math.max(1e-3, el.clientWidth / Math.max(1, el.clientHeight));
    const camera =
      props.dims === 3
        ? new THREE.PerspectiveCamera(FOV, aspect(), 0.01, 100)
        : new THREE.OrthographicCamera(-1.1 * aspect(), 1.1 * aspect(), 1.1, -1.1, -10, 10);
    camera.position.set(0, 0, props.dims === 3 ? 3 : 5);
    const controls = new OrbitControls(camera, renderer.domElement);
    controls.enableRotate = props.dims === 3;
    controls.screenSpacePanning = true;
    if (props.dims === 2) controls.mouseButtons = { LEFT: THREE.MOUSE.PAN, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.PAN };
    const material = new THREE.ShaderMaterial({
      glslVersion: THREE.GLSL3,
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      transparent: true,
      depthWrite: true,
      uniforms: {
        size: { value: 5 },
        perspective: { value: props.dims === 3 ? 1 : 0 },
        dimUnmarked: { value: 0 },
        atlas: { value: null },
        useSprite: { value: 0 },
        grid: { value: new THREE.Vector2(1, 1) },
        ring: { value: new THREE.Color("#ff3b3b") },
      },
    });
    const points = new THREE.Points(new THREE.BufferGeometry(), material);
    points.frustumCulled = false;
    scene.add(points);
    let frame = 0;
    // Points in the geometry, and how many the last frame drew (the data-painted and data-drawn
    // attributes, written only when they change).
    let painted = -1;
    let drawn = -1;
    const draw = () => {
      frame = 0;
      const hook = window.__tbProjector;
      const ms = drawTimed(renderer, scene, camera, hook, lod.moving);
      lod.frameTook(ms);
      if (hook) hook.frames += 1;
      const count = points.geometry.getAttribute("position")?.count ?? 0;
      const range = Math.min(count, points.geometry.drawRange.count);
      // Painted: every point drawn (not a moving frame's sample).
      if (count !== painted && range === count) {
        if (count) el.dataset.paintedAt = String(performance.now());
        el.dataset.painted = String(count);
        painted = count;
      }
      if (range !== drawn) {
        el.dataset.drawn = String(range);
        drawn = range;
      }
    };
    const render = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    // The data's radius: a resize keeps the whole cloud in a 2D view, whatever the view's shape.
    let radius = 1;
    const resize = () => {
      renderer.setSize(el.clientWidth, el.clientHeight);
      const a = aspect();
      if (camera instanceof THREE.PerspectiveCamera) camera.aspect = a;
      else {
        const half = fitHalfHeight(radius * FIT_MARGIN, a);
        camera.top = half;
        camera.bottom = -half;
        camera.left = -half * a;
        camera.right = half * a;
      }
      camera.updateProjectionMatrix();
      render();
    };
    // A narrow view stands further back, so that the cloud fits across its width as well.
    const fit = (r: number) => {
      radius = r > 0 ? r : 1;
      controls.target.set(0, 0, 0);
      camera.zoom = 1;
      const distance = camera instanceof THREE.PerspectiveCamera ? fitDistance(radius * FIT_MARGIN, FOV, aspect()) : 5;
      camera.position.set(0, 0, distance);
      lod.still(() => controls.update());
      resize();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(el);
    // Level of detail: while the camera moves (drag or wheel), a sample sized by the frame time, in
    // smaller sprites; every point once it rests.
    const size = { value: 5 };
    const lod = levelOfDetail(controls, render, {
      total: () => points.geometry.getAttribute("position")?.count ?? 0,
      floor: INTERACTIVE_FLOOR,
      start: INTERACTIVE_POINTS,
      show: (count) => {
        points.geometry.setDrawRange(0, count ?? Infinity);
        material.uniforms.size!.value = count === null ? size.value : size.value * MOVING_SIZE;
      },
      hook: () => window.__tbProjector,
    });
    let down: { x: number; y: number } | null = null;
    const onDown = (e: PointerEvent) => (down = { x: e.clientX, y: e.clientY });
    const onUp = (e: PointerEvent) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4) return;
      const rect = renderer.domElement.getBoundingClientRect();
      onPick.current(pick(points, camera, renderer.domElement, e.clientX - rect.left, e.clientY - rect.top));
    };
    renderer.domElement.addEventListener("pointerdown", onDown);
    renderer.domElement.addEventListener("pointerup", onUp);
    state.current = { renderer, size, scene, camera, controls, points, material, render, fit, fitted: null };
    window.__tbProjector = {
      ...window.__tbProjector,
      frames: window.__tbProjector?.frames ?? 0,
      screenOf: (i) => {
        const pos = points.geometry.getAttribute("position") as THREE.BufferAttribute | undefined;
        if (!pos || i >= pos.count) return null;
        const v = new THREE.Vector3(pos.getX(i), pos.getY(i), pos.getZ(i)).project(camera);
        const rect = renderer.domElement.getBoundingClientRect();
        return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
      },
    };
    resize();
    return () => {
      lod.cancel();
      if (frame) cancelAnimationFrame(frame);
      observer.disconnect();
      controls.dispose();
      renderer.domElement.removeEventListener("pointerdown", onDown);
      renderer.domElement.removeEventListener("pointerup", onUp);
      points.geometry.dispose();
      material.dispose();
      renderer.dispose();
      el.removeChild(renderer.domElement);
      state.current = null;
    };
  }, [props.dims]);

  // Geometry: positions, colours, indices (uploaded again only when one of them changes).
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute("position", new THREE.BufferAttribute(props.positions, 3));
    geometry.setAttribute("color", new THREE.BufferAttribute(props.colors, 3));
    geometry.setAttribute("pindex", new THREE.BufferAttribute(new Float32Array(props.indices), 1));
    geometry.setAttribute("mark", s.points.geometry.getAttribute("mark") ?? new THREE.BufferAttribute(new Uint8Array(), 1));
    geometry.drawRange = s.points.geometry.drawRange;
    s.points.geometry.dispose();
    s.points.geometry = geometry;
    if (s.fitted !== props.positions) {
      s.fitted = props.positions;
      s.fit(radiusOf(props.positions));
    }
    const n = props.positions.length / 3;
    s.size.value = props.sprite ? 22 : n > 50000 ? 2.5 : n > 5000 ? 4 : 6;
    s.material.uniforms.size!.value = s.size.value;
    s.render();
  }, [props.positions, props.colors, props.indices, props.dims, props.sprite]);

  // Marks (search matches, neighbours, the selection): one byte a point, read as a float by the shader.
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.points.geometry.setAttribute("mark", new THREE.BufferAttribute(props.marks, 1));
    s.material.uniforms.dimUnmarked!.value = props.dimUnmarked ? 1 : 0;
    s.render();
  }, [props.marks, props.dimUnmarked, props.positions, props.dims]);

  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.scene.background = new THREE.Color(props.background);
    s.render();
  }, [props.background, props.dims]);

  // The sprite atlas.
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    if (!props.sprite) {
      s.material.uniforms.useSprite!.value = 0;
      s.render();
      return;
    }
    const { dim } = props.sprite;
    let cancelled = false;
    new THREE.TextureLoader().load(props.sprite.url, (texture) => {
      if (cancelled || !state.current) return;
      texture.flipY = true;
      texture.magFilter = THREE.NearestFilter;
      const img = texture.image as HTMLImageElement;
      s.material.uniforms.atlas!.value = texture;
      s.material.uniforms.grid!.value = new THREE.Vector2(img.width / dim[0], img.height / dim[1]);
      s.material.uniforms.useSprite!.value = 1;
      s.render();
    });
    return () => {
      cancelled = true;
    };
  }, [props.sprite, props.dims]);

  return <div ref={host} className={cls("projector-canvas")} />;
}
