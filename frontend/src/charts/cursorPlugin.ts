/** Reports the x value under the cursor (once per animation frame), and null when it leaves. */
import type uPlot from "uplot";

export function cursorPlugin(onCursor: (x: number | null) => void): uPlot.Plugin {
  let frame = 0;
  let pending: number | null = null;
  const flush = () => {
    frame = 0;
    onCursor(pending);
  };
  return {
    hooks: {
      setCursor: (u) => {
        const left = u.cursor.left;
        pending = left === undefined || left < 0 ? null : u.posToVal(left, "x");
        if (!frame) frame = requestAnimationFrame(flush);
      },
      destroy: () => {
        if (frame) cancelAnimationFrame(frame);
      },
    },
  };
}

/** The cursor's x for whoever subscribes (the data table), so a mouse move re-renders only them. */
export interface CursorStore {
  get: () => number | null;
  set: (x: number | null) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createCursorStore(): CursorStore {
  let value: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (x) => {
      if (Object.is(x, value)) return;
      value = x;
      for (const l of listeners) l();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
