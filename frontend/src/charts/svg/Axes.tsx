/**
 * Axes for the hand-drawn SVG charts: tick labels, optional grid lines and an axis title, in the
 * theme's axis colour (components/ChartCard.css: `.tb-chart-axis`).
 */
import type { ReactNode } from "react";

import { cls } from "../../lib/names";
import "./svgChart.css";
import type { LinearScale } from "./scale";

interface AxisProps {
  scale: LinearScale;
  ticks: readonly number[];
  format: (value: number) => string;
  /** Grid lines across the plot, from..to on the other axis; none when left out. */
  grid?: readonly [number, number];
  title?: ReactNode;
}

/** Labels under the plot at `y` (the label baseline), centred on each tick. */
export function BottomAxis({ scale, ticks, format, grid, title, y, titleY }: AxisProps & { y: number; titleY?: number }) {
  const [r0, r1] = scale.range;
  return (
    <g className={cls("chart-axis")}>
      {ticks.map((t) => (
        <g key={t}>
          {grid ? <line x1={scale(t)} x2={scale(t)} y1={grid[0]} y2={grid[1]} stroke="var(--tb-grid)" /> : null}
          <text x={scale(t)} y={y} textAnchor="middle">
            {format(t)}
          </text>
        </g>
      ))}
      {title ? (
        <text className={cls("chart-axis-title")} x={(r0 + r1) / 2} y={titleY ?? y + 13} textAnchor="middle">
          {title}
        </text>
      ) : null}
    </g>
  );
}

/** Labels beside the plot at `x`: right-aligned on the left side, left-aligned on the right side. */
export function SideAxis({
  scale,
  ticks,
  format,
  grid,
  title,
  x,
  side = "left",
  titleX,
}: AxisProps & { x: number; side?: "left" | "right"; titleX?: number }) {
  const [r0, r1] = scale.range;
  const tx = titleX ?? (side === "left" ? 10 : x + 40);
  return (
    <g className={cls("chart-axis")}>
      {ticks.map((t) => (
        <g key={t}>
          {grid ? <line x1={grid[0]} x2={grid[1]} y1={scale(t)} y2={scale(t)} stroke="var(--tb-grid)" /> : null}
          <text x={x} y={scale(t)} textAnchor={side === "left" ? "end" : "start"} dominantBaseline="middle">
            {format(t)}
          </text>
        </g>
      ))}
      {title ? (
        <text
          className={cls("chart-axis-title")}
          transform={`translate(${tx} ${(r0 + r1) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {title}
        </text>
      ) : null}
    </g>
  );
}
