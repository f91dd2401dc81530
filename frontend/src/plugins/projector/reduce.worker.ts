/** t-SNE (@keckelt/tsne) and UMAP (umap-js) off the main thread; progress every few iterations. */
import { TSNE } from "@keckelt/tsne";
import { UMAP } from "umap-js";

export interface ReduceRequest {
  method: "tsne" | "umap";
  data: Float32Array;
  n: number;
  d: number;
  dims: 2 | 3;
  perplexity?: number;
  neighbors?: number;
  iterations?: number;
}

export type ReduceMessage =
  | { type: "status"; text: string }
  | { type: "progress"; iteration: number; total: number; positions: Float32Array }
  | { type: "done"; iteration: number; total: number; positions: Float32Array }
  | { type: "error"; message: string };

const scope = self as unknown as { postMessage(message: ReduceMessage, transfer: Transferable[]): void };
const post = (message: ReduceMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

function rows(data: Float32Array, n: number, d: number): number[][] {
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Array.from(data.subarray(i * d, (i + 1) * d));
  return out;
}

function flat(solution: number[][], dims: number): Float32Array {
  const out = new Float32Array(solution.length * dims);
  solution.forEach((p, i) => {
    for (let k = 0; k < dims; k++) out[i * dims + k] = p[k] ?? 0;
  });
  return out;
}

// Progress (with positions, so the view moves) at most this often.
const REPORT_MS = 100;

self.onmessage = (event: MessageEvent<ReduceRequest>) => {
  const { method, data, n, d, dims } = event.data;
  try {
    const X = rows(data, n, d);
    let total: number;
    let step: () => void;
    let solution: () => number[][];
    if (method === "umap") {
      post({ type: "status", text: "finding nearest neighbours…" });
      const umap = new UMAP({ nComponents: dims, nNeighbors: Math.min(event.data.neighbors ?? 15, n - 1) });
      total = umap.initializeFit(X);
      step = () => umap.step();
      solution = () => umap.getEmbedding();
    } else {
      post({ type: "status", text: "computing affinities…" });
      const tsne = new TSNE({ dim: dims, perplexity: Math.min(event.data.perplexity ?? 30, Math.max(2, (n - 1) / 3)), epsilon: 10 });
      tsne.initDataRaw(X);
      total = event.data.iterations ?? 500;
      step = () => void tsne.step();
      solution = () => tsne.getSolution() as number[][];
    }
    let last = 0;
    for (let i = 1; i <= total; i++) {
      step();
      const now = performance.now();
      if (now - last > REPORT_MS && i < total) {
        last = now;
        const positions = flat(solution(), dims);
        post({ type: "progress", iteration: i, total, positions }, [positions.buffer]);
      }
    }
    const positions = flat(solution(), dims);
    post({ type: "done", iteration: total, total, positions }, [positions.buffer]);
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
