import { describe, expect, it } from "vitest";

import type { GraphNode } from "./calls/graph";
import { ancestors, buildModel, defaultExpanded, formatShape, leafId, searchNodes, visibleEdges } from "./model";

function node(name: string, op: string, inputs: string[] = [], shape: number[] | null = null, dangling: string[] = []): GraphNode {
  return {
    name,
    op,
    device: "",
    inputs: inputs.map((n) => ({ name: n, output: 0, control: false, dangling: dangling.includes(n) })),
    attrs: {},
    shapes: shape ? [shape] : null,
  };
}

// What trainboard's add_graph writes for the REINFORCE policy (names as torch makes them).
const policy: GraphNode[] = [
  node("input/x", "IO Node", [], [4]),
  node("output/output.1", "IO Node", ["Policy/22"], [2]),
  node("Policy/Linear[fc1]/weight/weight.1", "prim::GetAttr", ["Policy/Linear[fc1]/weight/fc1"], null, ["Policy/Linear[fc1]/weight/fc1"]),
  node("Policy/Linear[fc1]/input.1", "aten::linear", ["input/x", "Policy/Linear[fc1]/weight/weight.1"], [128]),
  node("Policy/ReLU[relu]/input.3", "aten::relu", ["Policy/Linear[fc1]/input.1"], [128]),
  node("Policy/Linear[fc2]/input", "aten::linear", ["Policy/ReLU[relu]/input.3"], [2]),
  node("Policy/20", "prim::Constant"),
  node("Policy/22", "aten::softmax", ["Policy/Linear[fc2]/input", "Policy/20"], [2]),
];

describe("buildModel", () => {
  it("names a one-op scope after its module and hides parameters and constants", () => {
    const model = buildModel(policy, false);
    const fc1 = model.leaves.get(leafId("Policy/Linear[fc1]/input.1"))!;
    expect(fc1.title).toBe("Linear[fc1]");
    expect(fc1.subtitle).toBe("linear · 128");
    expect(model.leaves.has(leafId("Policy/20"))).toBe(false);
    expect(model.hiddenCount).toBe(2);
    expect(model.leaves.get(leafId("Policy/22"))!.title).toBe("softmax");
    expect(model.leaves.get(leafId("input/x"))!.title).toBe("input x");
  });

  it("keeps parameter nodes when asked to show them", () => {
    const model = buildModel(policy, true);
    expect(model.leaves.has(leafId("Policy/20"))).toBe(true);
    expect(model.hiddenCount).toBe(0);
  });

  it("opens scopes breadth first while the view stays small", () => {
    const model = buildModel(policy, false);
    expect([...defaultExpanded(model)]).toEqual(["g:Policy"]);
    expect(defaultExpanded(model, 2).size).toBe(0);
  });
});

describe("visibleEdges", () => {
  it("labels edges with the producer's shape and skips dangling inputs", () => {
    const model = buildModel(policy, false);
    const edges = visibleEdges(model, new Set(["g:Policy"]));
    const fromInput = edges.find((e) => e.source === leafId("input/x"))!;
    expect(fromInput.target).toBe(leafId("Policy/Linear[fc1]/input.1"));
    expect(fromInput.label).toBe("4");
    expect(edges).toHaveLength(5);
  });

  it("routes edges to the closed scope that holds their end", () => {
    const model = buildModel(policy, false);
    const edges = visibleEdges(model, new Set());
    expect(edges.map((e) => [e.source, e.target, e.label])).toEqual([
      ["g:Policy", leafId("output/output.1"), "2"],
      [leafId("input/x"), "g:Policy", "4"],
    ]);
  });

  it("bundles parallel tensors and draws control inputs as such", () => {
    const nodes: GraphNode[] = [
      { ...node("a", "Split"), shapes: [[2, 3], [2, 3]] },
      { ...node("b", "Concat"), inputs: [
        { name: "a", output: 0, control: false, dangling: false },
        { name: "a", output: 1, control: false, dangling: false },
      ] },
      // One tensor read twice is one edge.
      { ...node("d", "Add"), inputs: [
        { name: "b", output: 0, control: false, dangling: false },
        { name: "b", output: 0, control: false, dangling: false },
      ] },
      { ...node("c", "NoOp"), inputs: [{ name: "b", output: -1, control: true, dangling: false }] },
    ];
    const edges = visibleEdges(buildModel(nodes, false), new Set());
    expect(edges.map((e) => [e.label, e.count, e.control])).toEqual([
      ["2×3 ×2", 2, false],
      ["", 1, false],
      ["", 1, true],
    ]);
  });

  it("draws a shared constant's edges only to boxes beside it", () => {
    const nodes: GraphNode[] = [
      node("M/one", "prim::Constant"),
      node("M/a/x", "aten::add", ["M/one"], [1]),
      node("M/a/y", "aten::mul", ["M/a/x", "M/one"], [1]),
      node("M/z", "aten::neg", ["M/one"], [1]),
    ];
    const model = buildModel(nodes, true);
    const edges = visibleEdges(model, new Set(["g:M", "g:M/a"]));
    const fromOne = edges.filter((e) => e.source === leafId("M/one")).map((e) => e.target);
    expect(fromOne).toEqual([leafId("M/z")]);
  });
});

describe("search", () => {
  it("finds nodes by name and knows which scopes to open to show them", () => {
    const model = buildModel(policy, false);
    const [hit] = searchNodes(model, "relu");
    expect(hit).toBe(leafId("Policy/ReLU[relu]/input.3"));
    expect(ancestors(model, hit)).toEqual(["g:Policy"]);
    expect(searchNodes(model, "nothing-like-this")).toEqual([]);
  });
});

describe("formatShape", () => {
  it("writes shapes the way people do", () => {
    expect(formatShape([8, 128])).toBe("8×128");
    expect(formatShape([-1, 3])).toBe("?×3");
    expect(formatShape([])).toBe("scalar");
    expect(formatShape(null)).toBe("?");
  });
});
