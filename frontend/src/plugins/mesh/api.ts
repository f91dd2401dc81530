/** GET /api/mesh/*: mesh names per run, their steps, and one component as binary (docs/dashboards.md). */
import { queryOptions } from "@tanstack/react-query";

import { ApiError, apiUrl, fetchJson } from "../../lib/api";

export interface MeshStep {
  step: number;
  wall_time: number;
  /** Present components and their [B, N, 3] shapes. */
  components: Partial<Record<"VERTEX" | "FACE" | "COLOR", number[]>>;
  /** The scene config the writer logged (camera, material, lights), {} without one. */
  config: MeshConfig;
}

export interface MeshConfig {
  camera?: { cls?: string; fov?: number; near?: number; far?: number; position?: number[] };
  material?: { cls?: string; size?: number; [key: string]: unknown };
  lights?: unknown[];
}

export const meshesQuery = () =>
  queryOptions({
    queryKey: ["mesh", "meshes"],
    queryFn: ({ signal }) => fetchJson<{ runs: Record<string, Record<string, { samples: number }>> }>("api/mesh/meshes", {}, signal),
  });

export const stepsQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: ["mesh", "steps", run, name],
    queryFn: ({ signal }) => fetchJson<{ steps: MeshStep[] }>("api/mesh/steps", { run, name }, signal),
  });

export interface MeshData {
  vertices: Float32Array;
  faces: Uint32Array | null;
  colors: Uint8Array | null;
}

async function component(run: string, name: string, step: number, kind: string, signal?: AbortSignal) {
  const response = await fetch(apiUrl("api/mesh/data", { run, name, step, content_type: kind }), { signal });
  if (!response.ok) throw new ApiError(`${response.status} from api/mesh/data (${kind})`, response.status);
  return response.arrayBuffer();
}

export const meshDataQuery = (run: string, name: string, step: MeshStep) =>
  queryOptions({
    queryKey: ["mesh", "data", run, name, step.step],
    queryFn: async ({ signal }): Promise<MeshData> => {
      const [v, f, c] = await Promise.all([
        component(run, name, step.step, "VERTEX", signal),
        step.components.FACE ? component(run, name, step.step, "FACE", signal) : null,
        step.components.COLOR ? component(run, name, step.step, "COLOR", signal) : null,
      ]);
      return {
        vertices: new Float32Array(v),
        faces: f ? Uint32Array.from(new Int32Array(f)) : null,
        colors: c ? new Uint8Array(c) : null,
      };
    },
    staleTime: Infinity,
  });
