import { describe, expect, it } from "vitest";

import { fixedY, parseCard, patchCards, resolveCard, serializeCard } from "./cardView";

describe("card settings in the URL", () => {
  it("round-trips a card, a tag with ; and % included", () => {
    const card = { x: "wall" as const, logY: true, yMin: -1, zoom: { x: "wall" as const, lo: 1e9, hi: 1.1e9 } };
    expect(parseCard(serializeCard("a;b%3B", card)!)).toEqual(["a;b%3B", card]);
  });

  it("leaves a card without settings out, and ignores unreadable parts", () => {
    expect(serializeCard("loss", {})).toBeNull();
    expect(parseCard("loss;x=sideways;ymin=abc;zoom=step:5:1;log=1")).toEqual(["loss", { logY: true }]);
    expect(parseCard("")).toBeNull();
  });

  it("drops a setting set to undefined and a card left empty", () => {
    const cards = patchCards({}, "loss", { logY: true });
    expect(cards).toEqual({ loss: { logY: true } });
    expect(patchCards(cards, "loss", { logY: undefined })).toEqual({});
  });

  it("follows the toolbar where the card sets nothing, and drops a zoom made on another axis", () => {
    const defaults = { x: "step" as const, logY: false, ignoreOutliers: true };
    expect(resolveCard(undefined, defaults)).toEqual({ x: "step", logY: false, ignoreOutliers: true, zoom: null });
    const card = { x: "relative" as const, zoom: { x: "step" as const, lo: 0, hi: 10 } };
    expect(resolveCard(card, defaults).zoom).toBeNull();
    expect(resolveCard({ zoom: { x: "step", lo: 0, hi: 10 } }, defaults).zoom).toEqual([0, 10]);
  });

  it("puts fixed y bounds into the automatic range", () => {
    expect(fixedY([0, 10], { yMax: 5 })).toEqual([0, 5]);
    expect(fixedY([0, 10], { yMin: 2, yMax: 3 })).toEqual([2, 3]);
    expect(fixedY([0, 10], undefined)).toEqual([0, 10]);
    expect(fixedY(null, { yMin: 1 })).toBeNull();
    expect(fixedY([0, 10], { yMin: 20 })).toEqual([20, 40]);
    // A log axis cannot start at or below zero: that bound stays automatic.
    expect(fixedY([0.01, 10], { yMin: 0, yMax: 5 }, true)).toEqual([0.01, 5]);
    expect(fixedY([0.01, 10], { yMin: 20 }, true)).toEqual([20, 200]);
  });
});
