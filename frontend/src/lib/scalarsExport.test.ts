import { describe, expect, it } from "vitest";

import { exportName } from "./scalarsExport";

describe("export file names", () => {
  it("marks a file made while the server was still loading as partial", () => {
    expect(exportName("loss_train", "csv", true)).toBe("loss_train.csv");
    expect(exportName("loss_train", "csv", false)).toBe("loss_train.partial.csv");
  });
});
