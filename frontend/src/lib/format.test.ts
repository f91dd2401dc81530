import { formatDuration, formatDurationTicks, formatStep, formatValue, formatWallTime } from "./format";

describe("formatValue", () => {
  it("shows four significant digits without trailing zeros", () => {
    expect(formatValue(0.123456)).toBe("0.1235");
    expect(formatValue(64)).toBe("64");
    expect(formatValue(0.0003)).toBe("0.0003");
  });

  it("switches to exponent form for very large and very small numbers", () => {
    expect(formatValue(12345678)).toBe("1.235e+7");
    expect(formatValue(0.00001234)).toBe("1.234e-5");
  });

  it("names non-finite values", () => {
    expect(formatValue(NaN)).toBe("NaN");
    expect(formatValue(-Infinity)).toBe("-∞");
    expect(formatValue(null)).toBe("–");
  });
});

describe("formatStep", () => {
  it("groups thousands in full form and shortens on axes", () => {
    expect(formatStep(1234567)).toBe("1,234,567");
    expect(formatStep(12500, true)).toBe("12.5k");
    expect(formatStep(2_000_000, true)).toBe("2M");
    expect(formatStep(999, true)).toBe("999");
  });
});

describe("formatDuration", () => {
  it("uses the largest two units that matter", () => {
    expect(formatDuration(0.25)).toBe("250ms");
    expect(formatDuration(42)).toBe("42s");
    expect(formatDuration(125)).toBe("2m 5s");
    expect(formatDuration(3725)).toBe("1h 2m");
    expect(formatDuration(90000)).toBe("1d 1h");
  });
});

describe("formatWallTime", () => {
  it("prints a short local date and time without a time-zone name", () => {
    const text = formatWallTime(Date.UTC(2026, 10, 27, 14, 3, 5) / 1000);
    expect(text).toMatch(/^2026-11-2\d \d\d:\d\d:05$/);
  });
});

describe("formatStep between integers", () => {
  it("keeps fractional axis ticks distinct instead of rounding them together", () => {
    expect([0, 0.2, 0.4, 0.6].map((v) => formatStep(v, true))).toEqual(["0", "0.2", "0.4", "0.6"]);
  });
});

describe("formatDurationTicks", () => {
  it("starts the relative axis at 0, not 0ms, and drops zero parts", () => {
    expect(formatDurationTicks([0, 30, 60, 90, 120])).toEqual(["0", "30s", "1m", "1m 30s", "2m"]);
    expect(formatDurationTicks([0, 0.5, 1])).toEqual(["0", "500ms", "1s"]);
    expect(formatDurationTicks([0, 3600, 7200, 86400])).toEqual(["0", "1h", "2h", "1d"]);
  });
});
