import { linearScale } from "./scale";

describe("linearScale", () => {
  it("maps the domain onto the range and back", () => {
    const x = linearScale(0, 10, 40, 440);
    expect(x(0)).toBe(40);
    expect(x(5)).toBe(240);
    expect(x.invert(240)).toBe(5);
  });

  it("runs a y axis upwards when the range is given bottom first", () => {
    const y = linearScale(0, 100, 200, 0);
    expect(y(100)).toBe(0);
    expect(y(25)).toBe(150);
    expect(y.invert(150)).toBe(25);
  });

  it("puts a flat domain at the start of the range instead of dividing by zero", () => {
    const y = linearScale(3, 3, 200, 0);
    expect(y(3)).toBe(200);
    expect(Number.isFinite(y.invert(50))).toBe(true);
  });

  it("offers round ticks inside the domain", () => {
    expect(linearScale(0, 1, 0, 100).ticks(5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearScale(1200, 0, 0, 100).ticks(4)).toEqual([0, 500, 1000]);
  });
});
