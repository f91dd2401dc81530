import { afterEach, describe, expect, it } from "vitest";

import { readStored, writeStored } from "./storage";

afterEach(() => {
  localStorage.clear();
});

describe("storage", () => {
  it("round-trips JSON and answers undefined for a missing or garbled key", () => {
    writeStored("k", { a: [1, 2] });
    expect(readStored("k")).toEqual({ a: [1, 2] });
    expect(readStored("missing")).toBeUndefined();
    localStorage.setItem("bad", "{not json");
    expect(readStored("bad")).toBeUndefined();
  });

  it("never throws where merely touching localStorage throws (a framed file:// page)", () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("The document is sandboxed", "SecurityError");
      },
    });
    try {
      expect(readStored("k")).toBeUndefined();
      expect(() => writeStored("k", 1)).not.toThrow();
    } finally {
      if (original) Object.defineProperty(globalThis, "localStorage", original);
    }
  });
});
