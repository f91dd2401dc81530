import { tagSections } from "./tagSections";

const byRun = {
  ppo: { "loss/actor": {}, "loss/critic": {}, reward: {} },
  dqn: { reward: {}, "loss/critic": {} },
  hidden: { reward: {} },
};

describe("tagSections", () => {
  it("lists each tag once, sorted, with the selected runs that logged it", () => {
    expect(tagSections(byRun, ["dqn", "ppo"], "")).toEqual([
      ["loss/actor", ["ppo"]],
      ["loss/critic", ["dqn", "ppo"]],
      ["reward", ["dqn", "ppo"]],
    ]);
  });

  it("leaves out runs that are not selected", () => {
    expect(tagSections(byRun, ["dqn"], "").map(([tag]) => tag)).toEqual(["loss/critic", "reward"]);
  });

  it("keeps only tags matching the filter, ignoring case", () => {
    expect(tagSections(byRun, ["dqn", "ppo"], "^LOSS/")).toEqual([
      ["loss/actor", ["ppo"]],
      ["loss/critic", ["dqn", "ppo"]],
    ]);
  });

  it("matches an invalid regex as plain text instead of showing nothing", () => {
    expect(tagSections({ a: { "x(1": {}, y: {} } }, ["a"], "x(")).toEqual([["x(1", ["a"]]]);
  });

  it("is empty when a selected run has no data", () => {
    expect(tagSections(byRun, ["missing"], "")).toEqual([]);
  });
});
