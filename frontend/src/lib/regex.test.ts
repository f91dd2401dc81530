import { makeFilter } from "./regex";

describe("makeFilter", () => {
  it("matches case-insensitively as a regular expression", () => {
    const { test, error } = makeFilter("^LOSS/(train|eval)$");
    expect(error).toBeNull();
    expect(test("loss/train")).toBe(true);
    expect(test("loss/test")).toBe(false);
  });

  it("falls back to a substring match and explains why on an invalid pattern", () => {
    const { test, error } = makeFilter("acc[");
    expect(error).toMatch(/Not a valid regex/);
    expect(test("top1 acc[5]")).toBe(true);
    expect(test("loss")).toBe(false);
  });
});
