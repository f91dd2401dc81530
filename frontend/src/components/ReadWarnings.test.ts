import { relativeTo } from "./ReadWarnings";

describe("relativeTo", () => {
  it("shows a warning's path from inside the logdir it names", () => {
    expect(relativeTo(["/logs", "/other/"], "/logs/run/events.x: skipped 42 bytes")).toBe("run/events.x: skipped 42 bytes");
    expect(relativeTo(["/logs", "/other/"], "/other/a/b: x")).toBe("a/b: x");
  });
  it("keeps other warnings whole, and a sibling folder sharing the prefix is not inside", () => {
    expect(relativeTo(["/logs"], "/logs2/run/e: x")).toBe("/logs2/run/e: x");
    expect(relativeTo([], "run 'a': 3 more warnings not listed")).toBe("run 'a': 3 more warnings not listed");
  });
});
