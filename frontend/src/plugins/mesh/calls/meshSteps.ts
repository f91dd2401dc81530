/** GET /api/mesh/steps: one mesh's steps and their components. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../../lib/api";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.mesh;

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

export const stepsQuery = (run: string, name: string) =>
  queryOptions({
    queryKey: [root, "steps", run, name],
    queryFn: ({ signal }) => fetchJson<{ steps: MeshStep[] }>("api/mesh/steps", { run, name }, signal),
  });

export const useMeshSteps = (run: string, name: string) => useQuery(stepsQuery(run, name));
