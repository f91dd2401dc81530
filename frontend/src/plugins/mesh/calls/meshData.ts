/** GET /api/mesh/data: one step's components as binary. */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { ApiError, apiUrl } from "../../../lib/api";
import { MeshStep } from "./meshSteps";
import { QUERY_ROOTS } from "../../../lib/names";

/** The key root of this call's queries; lib/names.ts says how a live change refreshes it. */
export const root = QUERY_ROOTS.mesh;

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
    queryKey: [root, "data", run, name, step.step],
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

/** One step's components, asked for once `step` is known. */
export const useMeshData = (run: string, name: string, step: MeshStep | undefined) =>
  useQuery({ ...meshDataQuery(run, name, step ?? { step: 0, wall_time: 0, components: {}, config: {} }), enabled: Boolean(step) });
