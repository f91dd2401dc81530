/**
 * The small SVG chart kit's arithmetic: linear scales from data to viewBox units, and the pointer's
 * place in a chart's viewBox. Shared by the hand-drawn charts (histograms, distributions, PR curves).
 */
import type { MouseEvent } from "react";

import { niceTicks } from "../../lib/ticks";

export interface LinearScale {
  (value: number): number;
  invert: (px: number) => number;
  domain: readonly [number, number];
  range: readonly [number, number];
  /** About `count` round values inside the domain. */
  ticks: (count?: number) => number[];
}

/** Maps [d0, d1] onto [r0, r1] (r0 > r1 for a y axis that grows upwards); a flat domain maps to r0. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): LinearScale {
  const span = d1 - d0 || 1;
  const f = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as LinearScale;
  f.invert = (px: number) => d0 + ((px - r0) / (r1 - r0 || 1)) * span;
  f.domain = [d0, d1];
  f.range = [r0, r1];
  f.ticks = (count = 5) => niceTicks(Math.min(d0, d1), Math.max(d0, d1), count);
  return f;
}

/** The chart's margins inside its viewBox, and the plot area they leave. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const plotLeft = (f: Frame) => f.left;
export const plotRight = (f: Frame) => f.width - f.right;
export const plotTop = (f: Frame) => f.top;
export const plotBottom = (f: Frame) => f.height - f.bottom;

/** The pointer in viewBox units of the <svg> the event happened on (the SVG scales with its card). */
export function pointerIn(e: MouseEvent<SVGSVGElement>, width: number, height: number): { x: number; y: number } {
  const box = e.currentTarget.getBoundingClientRect();
  return {
    x: ((e.clientX - box.left) / (box.width || 1)) * width,
    y: ((e.clientY - box.top) / (box.height || 1)) * height,
  };
}
