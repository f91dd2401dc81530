import { describe, expect, it } from "vitest";

import type { GraphNode, NodeStats } from "./calls/graph";
import { colorNodes, formatBytes, formatMicros, rampColor, shortDevice } from "./colorBy";
import { buildModel, leafId } from "./model";

const node = (name: string, op: string, inputs: string[] = [], device = ""): GraphNode => ({
  name,
  op,
  device,
  inputs: inputs.map((n) => ({ name: n, output: 0, control: false, dangling: false })),
  attrs: {},
  shapes: null,
});

const CPU = "/job:localhost/replica:0/task:0/device:CPU:0";
const GPU = "/job:localhost/replica:0/task:0/device:GPU:0";
const nodes = [
  node("x", "Placeholder", [], CPU),
  node("dense/MatMul", "MatMul", ["x"], GPU),
  node("dense/Relu", "Relu", ["dense/MatMul"], GPU),
  node("out/Softmax", "Softmax", ["dense/Relu"], CPU),
];
const stats = (micros: number, bytes: number, device = GPU): NodeStats => ({
  device,
  compute_micros: micros,
  memory_bytes: bytes,
  peak_bytes: bytes,
  outputs: [],
});

describe("colour by", () => {
  const model = buildModel(nodes, true);

  it("leaves the op-type stripes alone by default", () => {
    expect(colorNodes(model, "op", null).fills.size).toBe(0);
  });

  it("fills each box by its device, and a scope spanning devices as mixed", () => {
    const { fills, legend } = colorNodes(model, "device", null);
    expect(fills.get(leafId("dense/MatMul"))).toBe(fills.get(leafId("dense/Relu")));
    expect(fills.get(leafId("x"))).not.toBe(fills.get(leafId("dense/MatMul")));
    expect(fills.get("g:dense")).toBe(fills.get(leafId("dense/Relu"))); // all of it ran on the GPU
    expect(legend).toMatchObject({ kind: "categories", items: [{ label: "CPU:0" }, { label: "GPU:0" }] });
  });

  it("prefers the device the run metadata measured over the graph's", () => {
    const { fills } = colorNodes(model, "device", { x: stats(1, 1, GPU) });
    expect(fills.get(leafId("x"))).toBe(fills.get(leafId("dense/MatMul")));
  });

  it("ramps compute time from the surface to hot, a scope by the sum of its ops", () => {
    const measured = { "dense/MatMul": stats(300, 4096), "dense/Relu": stats(100, 1024), x: stats(0, 0, CPU) };
    const { fills, legend } = colorNodes(model, "compute", measured);
    expect(fills.get(leafId("dense/MatMul"))).toBe(rampColor(1));
    expect(fills.get(leafId("dense/Relu"))).toBe(rampColor(1 / 3));
    expect(fills.get(leafId("x"))).toBe(rampColor(0));
    expect(fills.has(leafId("out/Softmax"))).toBe(false); // not measured: keeps its own fill
    expect(fills.get("g:dense")).toBe(rampColor(1)); // 400 µs, clamped to the ramp's end
    expect(legend).toMatchObject({ kind: "range", min: 0, max: 300, unit: "micros" });
    expect(colorNodes(model, "memory", measured).legend).toMatchObject({ max: 4096, unit: "bytes" });
    expect(colorNodes(model, "compute", null).legend).toEqual({ kind: "none" });
  });

  it("formats devices, times and sizes as people read them", () => {
    expect(shortDevice(GPU)).toBe("GPU:0");
    expect(shortDevice("/device:CPU:0")).toBe("CPU:0");
    expect(formatMicros(250)).toBe("250 µs");
    expect(formatMicros(1500)).toBe("1.5 ms");
    expect(formatMicros(2_340_000)).toBe("2.34 s");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(5632)).toBe("5.5 KiB");
  });
});
