import { apiUrl, blobUrl } from "./api";

describe("apiUrl", () => {
  it("stays relative so the app works under --path_prefix, dropping unset parameters", () => {
    expect(apiUrl("api/scalars", { run: "ppo/seed 1", tag: "loss", step: null, x: undefined })).toBe("api/scalars?run=ppo%2Fseed+1&tag=loss");
  });
});

describe("blobUrl", () => {
  it("encodes the opaque id so slashes and spaces stay inside one path segment", () => {
    expect(blobUrl("run/a b#1")).toBe("api/blob/run%2Fa%20b%231");
  });
});
