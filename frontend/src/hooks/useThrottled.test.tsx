import { act, render } from "@testing-library/react";

import { useThrottled } from "./useThrottled";

function Probe({ value, seen }: { value: number; seen: number[] }) {
  seen.push(useThrottled(value, 100));
  return null;
}

describe("useThrottled", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("passes the first change at once and coalesces the burst after it", () => {
    const seen: number[] = [];
    const { rerender } = render(<Probe value={0} seen={seen} />);
    rerender(<Probe value={1} seen={seen} />);
    expect(seen.at(-1)).toBe(1);
    rerender(<Probe value={2} seen={seen} />);
    rerender(<Probe value={3} seen={seen} />);
    expect(seen.at(-1)).toBe(1);
    act(() => {
      vi.advanceTimersByTime(150);
    });
    expect(seen.at(-1)).toBe(3);
    expect(seen).not.toContain(2);
  });
});
