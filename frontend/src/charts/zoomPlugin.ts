/**
 * Drag to zoom, double-click to reset; shift-drag selects a range instead (for the data table's
 * statistics), and a shift-click clears it. uPlot only draws the selection; the window goes to onZoom
 * so the card can fetch full detail for it, and the x scale is pinned to the window via its range.
 */
import type uPlot from "uplot";

/** Drags narrower than this many pixels are clicks, not zooms. */
const MIN_DRAG_PX = 5;

export function zoomPlugin(
  onZoom: (range: [number, number] | null) => void,
  onRange?: (range: [number, number] | null) => void,
): uPlot.Plugin {
  let shift = false;
  return {
    opts: (_u, opts) => {
      opts.cursor = { ...opts.cursor, drag: { x: true, y: false, setScale: false } };
    },
    hooks: {
      ready: (u) => {
        u.over.addEventListener("dblclick", () => onZoom(null));
        u.over.addEventListener("mousedown", (e) => {
          shift = e.shiftKey && onRange !== undefined;
        });
        u.over.addEventListener("click", (e) => {
          if (e.shiftKey && onRange && u.select.width < MIN_DRAG_PX) onRange(null);
        });
      },
      setSelect: (u) => {
        const { left, width } = u.select;
        if (width >= MIN_DRAG_PX) {
          const lo = u.posToVal(left, "x");
          const hi = u.posToVal(left + width, "x");
          if (hi > lo) (shift && onRange ? onRange : onZoom)([lo, hi]);
        }
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      },
    },
  };
}
