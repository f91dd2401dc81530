import type { TagInfo } from "../../lib/api";
import { groupName, groupTags } from "./tagGroups";

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
});
