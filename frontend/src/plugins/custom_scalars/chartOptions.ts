/** uPlot options for a custom-scalars chart: theme-coloured axes, the shared tooltip, drag to zoom. */
import type uPlot from "uplot";

import { tooltipPlugin, type TooltipSeries } from "../../charts/tooltipPlugin";
import { zoomPlugin } from "../../charts/zoomPlugin";
import { formatDuration, formatStep, formatValue, formatWallTime } from "../../lib/format";
import type { XAxis } from "../../lib/urlState";

/** What the plugins read at draw time, so new data never needs new options. */
export interface ChartRefs {
  zoom: [number, number] | null;
  y: [number, number] | null;
  tooltip: TooltipSeries[];
}

const THEME = {
  light: { axis: "#5f6b7a", grid: "rgba(29,35,48,0.08)" },
  dark: { axis: "#9aa4b2", grid: "rgba(230,233,238,0.09)" },
} as const;

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function padRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null) return [0, 1];
  if (min === max) return [min - 1, max + 1];
  return [min, max];
}

export interface OptionsInput {
  series: uPlot.Series[];
  bands: uPlot.Band[];
  x: XAxis;
  theme: "light" | "dark";
  refs: { current: ChartRefs };
  onZoom: (range: [number, number] | null) => void;
  onDraw: (u: uPlot) => void;
}

export function buildOptions(input: OptionsInput): Omit<uPlot.Options, "width" | "height"> {
  const colors = THEME[input.theme];
  const { refs, x } = input;
  const axisBase = {
    stroke: colors.axis,
    font: FONT,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1, size: 4 },
  };
  const xValues =
    x === "step"
      ? (_u: uPlot, splits: number[]) => splits.map((v) => formatStep(v, true))
      : x === "relative"
        ? (_u: uPlot, splits: number[]) => splits.map((v) => formatDuration(v))
        : undefined;
  return {
    legend: { show: false },
    cursor: { points: { show: false }, y: false },
    padding: [10, 14, 0, 0],
    scales: {
      x: {
        time: x === "wall",
        range: (u, min, max) => {
          if (refs.current.zoom) return refs.current.zoom;
          const xs = u.data[0];
          if (xs.length === 1) return padRange(xs[0], xs[0]);
          return padRange(min, max);
        },
      },
      y: { range: (_u, min, max) => refs.current.y ?? padRange(min, max) },
    },
    axes: [
      { ...axisBase, values: xValues, space: 70, size: x === "wall" ? 44 : 30 },
      {
        ...axisBase,
        values: (_u, splits) => splits.map((v) => formatValue(v)),
        size: (_u, values) => Math.max(36, Math.max(0, ...(values ?? []).map((v) => v.length)) * 6.5 + 14),
      },
    ],
    series: [{}, ...input.series],
    bands: input.bands,
    plugins: [
      zoomPlugin(input.onZoom),
      tooltipPlugin({
        getSeries: () => refs.current.tooltip,
        timeLabel: x === "relative" ? "Relative" : "Time",
        formatTime: x === "relative" ? (_w, xv) => formatDuration(xv) : (w) => formatWallTime(w),
      }),
      { hooks: { draw: input.onDraw } },
    ],
  };
}
