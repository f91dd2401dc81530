import type { TagInfo } from "../../lib/api";
import { groupName, groupTags, limitGroups, pinnedGroup } from "./tagGroups";

const info: TagInfo = { description: "" };

describe("groupTags", () => {
  const tags = {
    a: { "loss/train": info, "loss/eval": info, reward: info },
    b: { "loss/train": info, "acc/step10": info, "acc/step2": info },
  };

  it("groups by the prefix before the first slash, in natural order", () => {
    const groups = groupTags(tags, ["a", "b"]);
    expect(groups.map((g) => g.name)).toEqual(["acc", "loss", "reward"]);
    expect(groups[0].tags.map((t) => t.tag)).toEqual(["acc/step2", "acc/step10"]);
  });

  it("lists for each tag only the selected runs that logged it", () => {
    const loss = groupTags(tags, ["b"]).find((g) => g.name === "loss")!;
    expect(loss.tags).toHaveLength(1);
    expect(loss.tags[0].runs).toEqual(["b"]);
  });

  it("drops tags the filter rejects, and groups left empty", () => {
    const groups = groupTags(tags, ["a", "b"], (t) => t.endsWith("train"));
    expect(groups.map((g) => g.name)).toEqual(["loss"]);
  });

  it("uses the whole tag as the group when it has no slash", () => {
    expect(groupName("reward")).toBe("reward");
    expect(groupName("a/b/c")).toBe("a");
  });

  it("lists the pinned tags in pinning order and skips tags no selected run has", () => {
    const groups = groupTags({ a: { "loss/train": {}, lr: {} } } as never, ["a"]);
    expect(pinnedGroup(groups, ["lr", "gone", "loss/train"]).tags.map((t) => t.tag)).toEqual(["lr", "loss/train"]);
  });
});

describe("limitGroups", () => {
  const entry = (tag: string) => ({ tag, runs: ["a"], description: "" });
  const groups = [
    { name: "a", tags: [entry("a/1"), entry("a/2")] },
    { name: "b", tags: [entry("b/1"), entry("b/2"), entry("b/3")] },
    { name: "c", tags: [entry("c/1")] },
  ];

  it("keeps the first cards in order and counts the rest", () => {
    const { groups: shown, hidden } = limitGroups(groups, 3);
    expect(shown.map((g) => g.tags.map((t) => t.tag))).toEqual([["a/1", "a/2"], ["b/1"]]);
    expect(shown[1].total).toBe(3);
    expect(hidden).toBe(3);
  });

  it("leaves groups alone when every card fits", () => {
    expect(limitGroups(groups, 100)).toEqual({ groups, hidden: 0 });
  });
});
