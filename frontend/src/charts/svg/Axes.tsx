/**
 * Axes for the hand-drawn SVG charts. `BottomTicks` and `SideTicks` draw labels at places the chart
 * gives (`PlacedTick`: category names, log decades, a declared set of values), with optional grid
 * lines and tick marks; `BottomAxis` and `SideAxis` place round values along a linear scale with them
 * and add an axis title, in the theme's axis colour (components/ChartCard.css: `.tb-chart-axis`).
 */
import type { ReactNode } from "react";

import { cls } from "../../lib/names";
import "./svgChart.css";
import type { LinearScale } from "./scale";

/** A tick its chart has placed: where it stands along the axis (viewBox units) and what it reads. */
export interface PlacedTick {
  at: number;
  label: string;
  /** How a label under the plot sits on its place; centred when left out. */
  anchor?: "start" | "middle" | "end";
}

interface TicksProps {
  ticks: readonly PlacedTick[];
  /** Grid lines across the plot, from..to on the other axis; none when left out. */
  grid?: readonly [number, number];
  /** The class of each label, for a chart with its own type (else the group's `.tb-chart-axis`). */
  labelClass?: string;
}

/** Labels under the plot, baseline at `y`. */
export function BottomTicks({ ticks, grid, labelClass, y }: TicksProps & { y: number }) {
  return (
    <>
      {ticks.map((t) => (
        <g key={`${t.at}:${t.label}`}>
          {grid ? <line x1={t.at} x2={t.at} y1={grid[0]} y2={grid[1]} stroke="var(--tb-grid)" /> : null}
          <text className={labelClass} x={t.at} y={y} textAnchor={t.anchor ?? "middle"}>
            {t.label}
          </text>
        </g>
      ))}
    </>
  );
}

/**
 * Labels beside the plot, `gap` away from the axis line at `x`: right-aligned on the left side,
 * left-aligned on the right side; with `mark`, a tick mark that long from the line outwards.
 */
export function SideTicks({
  ticks,
  grid,
  labelClass,
  x,
  side = "left",
  gap = 0,
  mark = 0,
}: TicksProps & { x: number; side?: "left" | "right"; gap?: number; mark?: number }) {
  const out = side === "left" ? -1 : 1;
  return (
    <>
      {ticks.map((t) => (
        <g key={`${t.at}:${t.label}`}>
          {grid ? <line x1={grid[0]} x2={grid[1]} y1={t.at} y2={t.at} stroke="var(--tb-grid)" /> : null}
          {mark ? <line x1={x + out * mark} x2={x} y1={t.at} y2={t.at} /> : null}
          <text
            className={labelClass}
            x={x + out * gap}
            y={t.at}
            textAnchor={side === "left" ? "end" : "start"}
            dominantBaseline="middle"
          >
            {t.label}
          </text>
        </g>
      ))}
    </>
  );
}

interface AxisProps {
  scale: LinearScale;
  ticks: readonly number[];
  format: (value: number) => string;
  grid?: readonly [number, number];
  title?: ReactNode;
}

/** Round values placed along a linear scale. */
const placed = (scale: LinearScale, ticks: readonly number[], format: (value: number) => string): PlacedTick[] =>
  ticks.map((t) => ({ at: scale(t), label: format(t) }));

/** Labels under the plot at `y` (the label baseline), centred on each tick, and the axis title below. */
export function BottomAxis({ scale, ticks, format, grid, title, y, titleY }: AxisProps & { y: number; titleY?: number }) {
  const [r0, r1] = scale.range;
  return (
    <g className={cls("chart-axis")}>
      <BottomTicks ticks={placed(scale, ticks, format)} grid={grid} y={y} />
      {title ? (
        <text className={cls("chart-axis-title")} x={(r0 + r1) / 2} y={titleY ?? y + 13} textAnchor="middle">
          {title}
        </text>
      ) : null}
    </g>
  );
}

/** Labels beside the plot at `x`, and the axis title turned along it. */
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
      <SideTicks ticks={placed(scale, ticks, format)} grid={grid} x={x} side={side} />
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
