/** One mesh or point cloud in three.js: vertex colours, the logged camera and material, orbit controls. */
import { useEffect, useRef } from "react";
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

import { cls } from "../../lib/names";
import { drawTimed, type FrameHook, sampleWhileMoving } from "../../lib/webglFrames";
import type { MeshData } from "./calls/meshData";
import type { MeshConfig } from "./calls/meshSteps";

export interface MeshViewProps {
  data: MeshData;
  config: MeshConfig;
  /** The run colour, for points and faces without colours. */
  color: string;
  background: string;
}

/** A three.js object for the data: a Mesh when faces are logged, Points otherwise. */
export function buildObject(data: MeshData, config: MeshConfig, color: string): THREE.Mesh | THREE.Points {
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

/** While the camera moves, a point cloud draws at most this many of its vertices (evenly strided);
 * all of them once it has rested for REST_MS. */
export const INTERACTIVE_VERTICES = 100_000;

/** Points drawing every `ceil(n / limit)`-th vertex of `points` (sharing its buffers and material), or
 * null when it has no more than `limit`. */
export function stridedSample(points: THREE.Points, limit: number): THREE.Points | null {
  const n = points.geometry.getAttribute("position").count;
  if (n <= limit) return null;
  const stride = Math.ceil(n / limit);
  const index = new Uint32Array(Math.ceil(n / stride));
  for (let i = 0; i < index.length; i++) index[i] = i * stride;
  const geometry = new THREE.BufferGeometry();
  for (const [name, attribute] of Object.entries(points.geometry.attributes)) geometry.setAttribute(name, attribute);
  geometry.setIndex(new THREE.BufferAttribute(index, 1));
  geometry.boundingSphere = points.geometry.boundingSphere;
  const sample = new THREE.Points(geometry, points.material);
  sample.visible = false;
  return sample;
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
    /** The strided sample drawn while the camera moves, for big point clouds. */
    sample: THREE.Points | null;
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
    let moving = false;
    let drawn = -1;
    const draw = () => {
      frame = 0;
      const v = view.current;
      const sample = v?.sample ?? null;
      const lod = moving && sample !== null;
      if (sample && v?.object) {
        sample.visible = lod;
        v.object.visible = !lod;
      }
      light.position.copy(camera.position);
      const hook = (window.__tbMesh ??= { frames: 0 });
      drawTimed(renderer, scene, camera, hook);
      hook.frames += 1;
      if (!el.dataset.painted) el.dataset.paintedAt = String(performance.now());
      el.dataset.painted = "true";
      const count = lod ? sample.geometry.index!.count : (v?.object?.geometry.getAttribute("position").count ?? 0);
      if (count !== drawn) {
        el.dataset.drawn = String(count);
        drawn = count;
      }
    };
    const render = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    // Level of detail: a big point cloud draws its strided sample while the camera moves.
    const cancelRest = sampleWhileMoving(
      controls,
      render,
      () => {
        if (!view.current?.sample || window.__tbMesh?.fullWhileMoving) return false;
        moving = true;
        return true;
      },
      () => (moving = false),
    );
    const resize = () => {
      renderer.setSize(el.clientWidth, el.clientHeight);
      camera.aspect = el.clientWidth / Math.max(1, el.clientHeight);
      camera.updateProjectionMatrix();
      render();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(el);
    view.current = { scene, camera, controls, render, object: null, sample: null, framed: false };
    resize();
    return () => {
      cancelRest();
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
    if (v.sample) {
      v.scene.remove(v.sample);
      v.sample.geometry.dispose();
    }
    const object = buildObject(data, config, color);
    v.scene.add(object);
    v.object = object;
    v.sample = object instanceof THREE.Points ? stridedSample(object, INTERACTIVE_VERTICES) : null;
    if (v.sample) v.scene.add(v.sample);
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
      v.controls.update();
      v.framed = true;
    }
    v.render();
  }, [data, config, color, background]);

  return <div ref={host} className={cls("mesh-view")} />;
}
