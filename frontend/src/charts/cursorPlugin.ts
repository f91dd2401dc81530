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
