import { ALL_STATUSES, type Filters } from "./model";
import { DEFAULT_SORT, decodeFilters, decodeSort, encodeFilters, encodeSort } from "./urlCodec";

describe("hparams table state in the link", () => {
  it("keeps the default sort out of the link and round-trips any other", () => {
    expect(encodeSort(DEFAULT_SORT)).toBe("");
    expect(encodeSort({ by: "m:loss", dir: -1 })).toBe("-m:loss");
    expect(decodeSort("-m:loss")).toEqual({ by: "m:loss", dir: -1 });
    expect(decodeSort("h:lr")).toEqual({ by: "h:lr", dir: 1 });
    expect(decodeSort("")).toEqual(DEFAULT_SORT);
    expect(decodeSort("-run")).toEqual({ by: "run", dir: -1 });
  });

  it("round-trips every kind of filter and the ticked statuses", () => {
    const filters: Filters = {
      "h:lr": { kind: "range", min: 0.001, max: null },
      "h:optimizer": { kind: "values", values: ["s:adam"] },
      "h:note": { kind: "text", pattern: "^warm" },
    };
    const text = encodeFilters({ filters, statuses: ["success", "running"] });
    expect(decodeFilters(text)).toEqual({ filters, statuses: ["success", "running"] });
    expect(encodeFilters({ filters: {}, statuses: ALL_STATUSES })).toBe("");
    expect(encodeFilters({ filters, statuses: ALL_STATUSES })).not.toContain("status");
  });

  it("drops whatever a pasted link holds that is not a filter", () => {
    expect(decodeFilters("{not json")).toEqual({ filters: {}, statuses: ALL_STATUSES });
    expect(decodeFilters("[1,2]")).toEqual({ filters: {}, statuses: ALL_STATUSES });
    const odd = decodeFilters(
      JSON.stringify({
        columns: { a: { kind: "range", min: "1e9", max: 2 }, b: { kind: "eval" }, c: null, d: { kind: "values", values: [1, "s:x"] } },
        status: ["success", "exploded"],
      }),
    );
    expect(odd).toEqual({
      filters: { a: { kind: "range", min: null, max: 2 }, d: { kind: "values", values: ["s:x"] } },
      statuses: ["success"],
    });
  });
});
