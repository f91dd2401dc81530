import type { ReactNode } from "react";

import { cls } from "../../lib/names";
import "./svgChart.css";

export interface ReadoutProps {
  /** What the pointer is on, or null when it is not over the chart. */
  children: ReactNode | null;
  /** Shown while nothing is hovered: what the chart holds and that hovering reads it out. */
  idle: ReactNode;
  /** The lines to reserve, so the chart does not jump when a long readout wraps. */
  lines?: 1 | 2;
}

/**
 * The SVG charts' tooltip: a line above the plot that reads out what the pointer is on, so nothing
 * covers the data or the card's title (TensorBoard's floating tooltips do both).
 */
export function Readout({ children, idle, lines = 1 }: ReadoutProps) {
  return (
    <div className={cls("chart-readout", lines === 2 && "chart-readout-2")} aria-live="polite">
      {children ?? <span className={cls("muted")}>{idle}</span>}
    </div>
  );
}
