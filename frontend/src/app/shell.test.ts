import { assignColors } from "../lib/colors";
import type { PluginDefinition } from "../lib/plugin";
import { splitByData, tableColors } from "./shell";

const plugin = (name: string) => ({ name, label: name }) as PluginDefinition;

describe("splitByData", () => {
  it("orders the dashboards as the server lists them; unlisted ones come last, without data", () => {
    const registered = [plugin("scalars"), plugin("images"), plugin("text"), plugin("mesh")];
    const { withData, withoutData } = splitByData(registered, [
      { name: "text", has_data: true },
      { name: "unknown", has_data: true },
      { name: "scalars", has_data: true },
      { name: "images", has_data: false },
    ]);
    expect(withData.map((p) => p.name)).toEqual(["text", "scalars"]);
    expect(withoutData.map((p) => p.name)).toEqual(["images", "mesh"]);
  });

  it("puts every dashboard without data while the server's list is loading", () => {
    expect(splitByData([plugin("scalars")], undefined).withoutData.map((p) => p.name)).toEqual(["scalars"]);
  });
});

describe("tableColors", () => {
  const own = (run: string) => `own:${run}`;
  const runs = ["a/1", "a/2", "b/1", "c/1"];

  it("is the run's own colour when ungrouped or when the grouping yields nothing", () => {
    expect(tableColors("", runs, runs, () => undefined, own)).toBe(own);
    expect(tableColors("re:(", runs, runs, () => undefined, own)).toBe(own);
  });

  it("gives each run its group's colour, assigned over the visible groups", () => {
    const colorOf = tableColors("prefix", ["a/1", "b/1"], runs, () => undefined, own);
    const groups = assignColors(["a", "b"]);
    expect(colorOf("a/2")).toBe(groups.get("a"));
    expect(colorOf("b/1")).toBe(groups.get("b"));
    // c is not visible: its group has no colour, so the run keeps its own.
    expect(colorOf("c/1")).toBe("own:c/1");
  });
});
