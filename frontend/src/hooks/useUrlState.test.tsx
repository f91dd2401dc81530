import { act, renderHook } from "@testing-library/react";

import { useUrlState } from "./useUrlState";

const afterPaint = () =>
  act(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));

describe("useUrlState", () => {
  beforeEach(() => window.history.replaceState(null, "", "/?tab=scalars"));

  it("reads the view from the URL and leaves the URL alone until something changes", async () => {
    const replace = vi.spyOn(window.history, "replaceState");
    const { result } = renderHook(() => useUrlState());
    expect(result.current[0].tab).toBe("scalars");
    await afterPaint();
    expect(replace).not.toHaveBeenCalled();
    replace.mockRestore();
  });

  it("writes a burst of changes to the URL once, after the frame that shows them", async () => {
    const { result } = renderHook(() => useUrlState());
    const replace = vi.spyOn(window.history, "replaceState");
    act(() => result.current[1]({ runFilter: "s" }));
    act(() => result.current[1]({ runFilter: "se" }));
    act(() => result.current[1]((view) => ({ runFilter: `${view.runFilter}ed` })));
    expect(result.current[0].runFilter).toBe("seed");
    expect(replace).not.toHaveBeenCalled(); // not on the keystroke's path
    await afterPaint();
    expect(replace).toHaveBeenCalledTimes(1);
    expect(window.location.search).toBe("?tab=scalars&runFilter=seed");
    replace.mockRestore();
  });
});
