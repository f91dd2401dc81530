/** One mesh or point cloud in three.js: vertex colours, the logged camera and material, orbit controls. */
import { useEffect, useRef } from "react";
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

import { cls } from "../../lib/names";
import { drawTimed, type FrameHook, levelOfDetail, permutation } from "../../lib/webglFrames";
import type { MeshData } from "./calls/meshData";
import type { MeshConfig } from "./calls/meshSteps";

export interface MeshViewProps {
  data: MeshData;
  config: MeshConfig;
  /** The run colour, for points and faces without colours. */
  color: string;
  background: string;
}

// Each step's shuffled cloud, made once (a new colour or theme builds the object again).
const shuffledClouds = new WeakMap<MeshData, ReturnType<typeof shuffleCloud>>();

/** A three.js object for the data: a Mesh when faces are logged, Points otherwise. */
export function buildObject(data: MeshData, config: MeshConfig, color: string): THREE.Mesh | THREE.Points {
  // A point cloud's order means nothing: a big one is drawn shuffled, so that a draw range is a sample.
  if (!data.faces?.length && data.vertices.length / 3 > INTERACTIVE_FLOOR) {
    let shuffled = shuffledClouds.get(data);
    if (!shuffled) shuffledClouds.set(data, (shuffled = shuffleCloud(data.vertices, data.colors)));
    data = { ...data, ...shuffled };
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute("position", new THREE.BufferAttribute(data.vertices, 3));
  if (data.colors) geometry.setAttribute("color", new THREE.BufferAttribute(data.colors, 3, true));
  const vertexColors = Boolean(data.colors);
  const base = vertexColors ? 0xffffff : new THREE.Color(color);
  if (data.faces && data.faces.length) {
    geometry.setIndex(new THREE.BufferAttribute(data.faces, 1));
    geometry.computeVertexNormals();
    const material = new THREE.MeshStandardMaterial({
      color: base,
      vertexColors,
      side: THREE.DoubleSide,
      roughness: 0.7,
      metalness: 0.05,
    });
    return new THREE.Mesh(geometry, material);
  }
  const size = typeof config.material?.size === "number" ? config.material.size : 0;
  geometry.computeBoundingSphere();
  const radius = geometry.boundingSphere?.radius || 1;
  const material = new THREE.PointsMaterial({
    color: base,
    vertexColors,
    // A logged size is in scene units (TensorBoard's habit); else about 1/60 of the cloud.
    size: size > 0 ? size : radius / 60,
    sizeAttenuation: true,
  });
  return new THREE.Points(geometry, material);
}

/** While the camera moves, a point cloud draws a sample of its vertices: first this many, then sized by
 * the measured frame time (webglFrames.levelOfDetail), never fewer than INTERACTIVE_FLOOR; all of
 * them once it has rested for REST_MS. */
export const INTERACTIVE_VERTICES = 100_000;
export const INTERACTIVE_FLOOR = 10_000;
/** Points are drawn this much smaller while the camera moves (fewer pixels to fill). */
export const MOVING_SIZE = 0.6;

/** The vertices (n x 3) and colours (n x 3, or null) of a point cloud in the shuffled order
 * `permutation(n)`, so that its first k vertices are a sample: what a draw range shows while moving. */
export function shuffleCloud(vertices: Float32Array, colors: Uint8Array | null) {
  const n = Math.floor(vertices.length / 3);
  const order = permutation(n);
  const v = new Float32Array(n * 3);
  const c = colors && colors.length >= n * 3 ? new Uint8Array(n * 3) : null;
  for (let i = 0; i < n; i++) {
    const from = order[i]! * 3;
    v[i * 3] = vertices[from]!;
    v[i * 3 + 1] = vertices[from + 1]!;
    v[i * 3 + 2] = vertices[from + 2]!;
    if (c) {
      c[i * 3] = colors![from]!;
      c[i * 3 + 1] = colors![from + 1]!;
      c[i * 3 + 2] = colors![from + 2]!;
    }
  }
  return { vertices: v, colors: c ?? colors };
}

declare global {
  interface Window {
    __tbMesh?: FrameHook;
  }
}

export function MeshView({ data, config, color, background }: MeshViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<{
    scene: THREE.Scene;
    camera: THREE.PerspectiveCamera;
    controls: OrbitControls;
    render: () => void;
    object: THREE.Mesh | THREE.Points | null;
    /** The point size at rest. */
    size: number;
    /** Moves the camera without the level of detail taking it for a user's move. */
    still: (move: () => void) => void;
    framed: boolean;
  } | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // No MSAA: a million points drawn four times over costs more than it shows.
    const renderer = new THREE.WebGLRenderer({ antialias: false });
    renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    renderer.domElement.setAttribute("data-testid", "mesh-canvas");
    el.appendChild(renderer.domElement);
    const scene = new THREE.Scene();
    scene.add(new THREE.AmbientLight(0xffffff, 0.6));
    const light = new THREE.DirectionalLight(0xffffff, 1.6);
    scene.add(light);
    const cam = config.camera ?? {};
    const camera = new THREE.PerspectiveCamera(cam.fov ?? 75, 1, cam.near ?? 0.1, cam.far ?? 1000);
    const controls = new OrbitControls(camera, renderer.domElement);
    let frame = 0;
    let drawn = -1;
    const draw = () => {
      frame = 0;
      const v = view.current;
      light.position.copy(camera.position);
      const hook = (window.__tbMesh ??= { frames: 0 });
      moving.frameTook(drawTimed(renderer, scene, camera, hook, moving.moving));
      hook.frames += 1;
      const geometry = v?.object?.geometry;
      const all = geometry?.getAttribute("position").count ?? 0;
      const count = Math.min(all, geometry?.drawRange.count ?? 0);
      // Painted: every vertex drawn (not a moving frame's sample).
      if (count === all) {
        if (!el.dataset.painted) el.dataset.paintedAt = String(performance.now());
        el.dataset.painted = "true";
      }
      if (count !== drawn) {
        el.dataset.drawn = String(count);
        drawn = count;
      }
    };
    const render = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    // Level of detail: a big point cloud draws the first of its shuffled vertices, in smaller points,
    // while the camera moves.
    const cloud = () => {
      const object = view.current?.object;
      return object instanceof THREE.Points ? object : null;
    };
    const moving = levelOfDetail(controls, render, {
      total: () => cloud()?.geometry.getAttribute("position").count ?? 0,
      floor: INTERACTIVE_FLOOR,
      start: INTERACTIVE_VERTICES,
      show: (count) => {
        const points = cloud();
        const v = view.current;
        if (!points || !v) return;
        points.geometry.setDrawRange(0, count ?? Infinity);
        (points.material as THREE.PointsMaterial).size = count === null ? v.size : v.size * MOVING_SIZE;
      },
      hook: () => window.__tbMesh,
    });
    const resize = () => {
      renderer.setSize(el.clientWidth, el.clientHeight);
      camera.aspect = el.clientWidth / Math.max(1, el.clientHeight);
      camera.updateProjectionMatrix();
      render();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(el);
    view.current = { scene, camera, controls, render, object: null, size: 1, still: moving.still, framed: false };
    resize();
    return () => {
      moving.cancel();
      if (frame) cancelAnimationFrame(frame);
      observer.disconnect();
      controls.dispose();
      renderer.dispose();
      el.removeChild(renderer.domElement);
      view.current = null;
    };
  }, [config.camera]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (v.object) {
      v.scene.remove(v.object);
      v.object.geometry.dispose();
      (v.object.material as THREE.Material).dispose();
    }
    const object = buildObject(data, config, color);
    v.scene.add(object);
    v.object = object;
    v.size = object instanceof THREE.Points ? (object.material as THREE.PointsMaterial).size : 1;
    v.scene.background = new THREE.Color(background);
    if (!v.framed) {
      // Frame the first step; later steps keep the user's view, so motion between steps shows.
      const sphere = (object.geometry.boundingSphere ?? (object.geometry.computeBoundingSphere(), object.geometry.boundingSphere))!;
      const c = sphere.center;
      const r = sphere.radius || 1;
      const position = config.camera?.position;
      if (position && position.length === 3) v.camera.position.set(position[0]!, position[1]!, position[2]!);
      else v.camera.position.set(c.x + r * 1.2, c.y + r * 0.9, c.z + r * 1.8);
      v.controls.target.copy(c);
      v.camera.near = Math.min(v.camera.near, r / 100);
      v.camera.far = Math.max(v.camera.far, r * 20);
      v.camera.updateProjectionMatrix();
      v.still(() => v.controls.update());
      v.framed = true;
    }
    v.render();
  }, [data, config, color, background]);

  return <div ref={host} className={cls("mesh-view")} />;
}
