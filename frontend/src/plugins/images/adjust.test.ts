import { NO_ADJUST, cssFilter, fitScale } from "./adjust";

describe("image adjustments", () => {
  it("adds no filter when brightness and contrast are at 100%", () => {
    expect(cssFilter(NO_ADJUST)).toBeUndefined();
    expect(cssFilter({ brightness: 1.5, contrast: 2 })).toBe("brightness(1.5) contrast(2)");
  });

  it("enlarges small images by whole pixels and shrinks large ones to fit", () => {
    expect(fitScale(28, 28, 800, 600)).toBe(21); // 600 / 28 = 21.4: 21 screen pixels per pixel
    expect(fitScale(64, 32, 100, 100)).toBe(1); // 1.56: stays at 1, no half-pixel blur
    expect(fitScale(4000, 2000, 1000, 1000)).toBe(0.25);
    expect(fitScale(0, 10, 100, 100)).toBe(1);
    expect(fitScale(10, 10, 0, 100)).toBe(1);
  });
});
