import { act, renderHook } from "@testing-library/react";

import { useStepIndex } from "./useStepIndex";

describe("useStepIndex", () => {
  it("follows the newest step until the user picks one", () => {
    const { result, rerender } = renderHook(({ steps }) => useStepIndex(steps), {
      initialProps: { steps: [0, 10, 20] },
    });
    expect(result.current[0]).toBe(2);
    rerender({ steps: [0, 10, 20, 30] });
    expect(result.current[0]).toBe(3);
  });

  it("stays on the chosen step when new steps arrive", () => {
    const { result, rerender } = renderHook(({ steps }) => useStepIndex(steps), {
      initialProps: { steps: [0, 10, 20] },
    });
    act(() => result.current[1](1));
    rerender({ steps: [0, 10, 20, 30, 40] });
    expect(result.current[0]).toBe(1);
  });

  it("goes back to following when the user picks the newest step", () => {
    const { result, rerender } = renderHook(({ steps }) => useStepIndex(steps), {
      initialProps: { steps: [0, 10, 20] },
    });
    act(() => result.current[1](0));
    act(() => result.current[1](2));
    rerender({ steps: [0, 10, 20, 30] });
    expect(result.current[0]).toBe(3);
  });
});
