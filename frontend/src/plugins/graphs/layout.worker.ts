/// <reference lib="webworker" />
/** Runs elkjs off the main thread, so laying out a large graph never freezes the page. */
import ELK from "elkjs/lib/elk.bundled.js";

import type { LayoutRequest, LayoutResponse } from "./layout";

const elk = new ELK();

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, graph } = event.data;
  const started = performance.now();
  let reply: LayoutResponse;
  try {
    reply = { id, graph: await elk.layout(graph), ms: performance.now() - started };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);
};
