import { expandTags } from "./tags";

describe("expandTags", () => {
  it("gives every run its set of tags, runs of one set sharing one object", () => {
    const tags = expandTags({
      plugin: "scalars",
      tag_sets: [["loss", "acc"], ["loss"]],
      runs: { a: 0, b: 0, c: 1 },
      descriptions: { loss: "the loss" },
    });
    expect(Object.keys(tags.runs)).toEqual(["a", "b", "c"]);
    expect(tags.runs.a).toEqual({ loss: { description: "the loss" }, acc: { description: "" } });
    expect(tags.runs.b).toBe(tags.runs.a);
    expect(Object.keys(tags.runs.c ?? {})).toEqual(["loss"]);
  });
});
