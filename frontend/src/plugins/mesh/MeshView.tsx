/** One mesh or point cloud in three.js: vertex colours, the logged camera and material, orbit controls. */
import { useEffect, useRef } from "react";
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

import { cls } from "../../lib/names";
import type { MeshConfig } from "./calls/meshSteps";
import type { MeshData } from "./calls/meshData";

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

declare global {
  interface Window {
    __tbMesh?: { frames: number };
  }
}

export function MeshView({ data, config, color, background }: MeshViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<{
    scene: THREE.Scene;
    camera: THREE.PerspectiveCamera;
    controls: OrbitControls;
    render: () => void;
    object: THREE.Object3D | null;
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
    const render = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        light.position.copy(camera.position);
        renderer.render(scene, camera);
        window.__tbMesh = { frames: (window.__tbMesh?.frames ?? 0) + 1 };
        if (!el.dataset.painted) el.dataset.paintedAt = String(performance.now());
        el.dataset.painted = "true";
      });
    };
    controls.addEventListener("change", render);
    const resize = () => {
      renderer.setSize(el.clientWidth, el.clientHeight);
      camera.aspect = el.clientWidth / Math.max(1, el.clientHeight);
      camera.updateProjectionMatrix();
      render();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(el);
    view.current = { scene, camera, controls, render, object: null, framed: false };
    resize();
    return () => {
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
      const old = v.object as THREE.Mesh;
      old.geometry.dispose();
      (old.material as THREE.Material).dispose();
    }
    const object = buildObject(data, config, color);
    v.scene.add(object);
    v.object = object;
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
