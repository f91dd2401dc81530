/**
 * uPlot options for every time-series chart (Scalars and Custom Scalars): axes that follow the x-axis
 * kind, theme colours, drag to zoom, shift-drag to select a range, bands and the hover tooltip. What
 * changes with the data (zoom window, y range, bands, tooltip rows) is read at draw time through
 * `state`, so new data never needs new options.
 */
import type uPlot from "uplot";

import { formatDuration, formatDurationTicks, formatStep, formatValue, formatWallTime } from "../lib/format";
import type { XAxis } from "../lib/urlState";
import { bandPlugin, type Band } from "./bandPlugin";
import { cursorPlugin } from "./cursorPlugin";
import { tooltipPlugin, type TooltipSeries } from "./tooltipPlugin";
import { zoomPlugin } from "./zoomPlugin";

/** What the plugins read at draw time. */
export interface ChartState {
  zoom: readonly [number, number] | null;
  y: readonly [number, number] | null;
  bands: Band[];
  tooltip: TooltipSeries[];
  /** The range selected with shift-drag, shaded on the chart. */
  range: readonly [number, number] | null;
  /** Lines whose answer was downsampled: their raw line is left to their band. */
  downsampled: ReadonlySet<string>;
}

export const EMPTY_STATE: ChartState = { zoom: null, y: null, bands: [], tooltip: [], range: null, downsampled: new Set() };

export interface TimeSeriesOptionsInput {
  /** The y series (uPlot's x series is added here). */
  series: uPlot.Series[];
  /** uPlot's own fills between series (Custom Scalars' margins). */
  bands?: uPlot.Band[];
  x: XAxis;
  logY: boolean;
  theme: "light" | "dark";
  state: () => ChartState;
  onZoom: (range: [number, number] | null) => void;
  /** Shift-drag: a range to read statistics over. */
  onRange?: (range: [number, number] | null) => void;
  /** The x value under the cursor, or null when it leaves the chart. */
  onCursor?: (x: number | null) => void;
  onDraw: (u: uPlot) => void;
}

const THEME = {
  light: { axis: "#5f6b7a", grid: "rgba(29,35,48,0.08)" },
  dark: { axis: "#9aa4b2", grid: "rgba(230,233,238,0.09)" },
} as const;

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Tick spacings for a relative axis, in seconds: whole seconds, minutes, hours and days. */
export const DURATION_INCRS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
  10800, 21600, 43200, 86400, 172800, 432000, 864000, 2592000,
];

function xTickFormat(x: XAxis): ((u: uPlot, splits: number[]) => string[]) | undefined {
  if (x === "step") return (_u, splits) => splits.map((v) => formatStep(v, true));
  if (x === "relative") return (_u, splits) => formatDurationTicks(splits);
  return undefined; // uPlot's own date ticks for wall time
}

export function padRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null) return [0, 1];
  if (min === max) return [min - 1, max + 1];
  return [min, max];
}

/** Shades the selected range under the lines. */
function rangePlugin(state: () => ChartState, fill: string): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: (u) => {
        const range = state().range;
        if (!range) return;
        const { top, height } = u.bbox;
        const x0 = Math.max(u.bbox.left, u.valToPos(range[0], "x", true));
        const x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(range[1], "x", true));
        if (x1 <= x0) return;
        u.ctx.save();
        u.ctx.fillStyle = fill;
        u.ctx.fillRect(x0, top, x1 - x0, height);
        u.ctx.restore();
      },
    },
  };
}

export function timeSeriesOptions(input: TimeSeriesOptionsInput): Omit<uPlot.Options, "width" | "height"> {
  const colors = THEME[input.theme];
  const { state, x } = input;
  const axisBase = {
    stroke: colors.axis,
    font: FONT,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1, size: 4 },
  };
  const plugins: uPlot.Plugin[] = [
    zoomPlugin(input.onZoom, input.onRange),
    rangePlugin(state, input.theme === "dark" ? "rgba(120,160,255,0.14)" : "rgba(40,90,220,0.09)"),
    bandPlugin(() => state().bands),
    tooltipPlugin({
      getSeries: () => state().tooltip,
      timeLabel: x === "relative" ? "Relative" : "Time",
      formatTime: x === "relative" ? (_w, xv) => formatDuration(xv) : (w) => formatWallTime(w),
    }),
    { hooks: { draw: input.onDraw } },
  ];
  if (input.onCursor) plugins.push(cursorPlugin(input.onCursor));
  return {
    legend: { show: false },
    cursor: { points: { show: false }, y: false },
    padding: [10, 14, 0, 0],
    scales: {
      x: {
        time: x === "wall",
        range: (u, min, max) => {
          const zoom = state().zoom;
          if (zoom) return [zoom[0], zoom[1]];
          // uPlot widens a single x to [x, x+100]; centre a lone point instead.
          const xs = u.data[0];
          if (xs.length === 1) return padRange(xs[0], xs[0]);
          return padRange(min, max);
        },
      },
      y: {
        distr: input.logY ? 3 : 1,
        range: (_u, min, max) => {
          const y = state().y;
          return y ? [y[0], y[1]] : padRange(min, max);
        },
      },
    },
    axes: [
      // Wall-time ticks take two lines (time, then the date under the first tick).
      {
        ...axisBase,
        values: xTickFormat(x),
        space: 70,
        size: x === "wall" ? 44 : 30,
        ...(x === "relative" ? { incrs: DURATION_INCRS } : {}),
      },
      {
        ...axisBase,
        // Log axes pass null for unlabelled minor ticks.
        values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? "" : formatValue(v))),
        size: (_u, values) => Math.max(36, Math.max(0, ...(values ?? []).map((v) => v.length)) * 6.5 + 14),
      },
    ],
    series: [{}, ...input.series],
    ...(input.bands ? { bands: input.bands } : {}),
    plugins,
  };
}
