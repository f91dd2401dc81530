/** uPlot options for a scalar card: axes that follow the x-axis kind, theme colours, and the plugins. */
import type uPlot from "uplot";

import { bandPlugin, type Band } from "../../charts/bandPlugin";
import { tooltipPlugin, type TooltipSeries } from "../../charts/tooltipPlugin";
import { zoomPlugin } from "../../charts/zoomPlugin";
import { formatDuration, formatStep, formatValue, formatWallTime } from "../../lib/format";
import type { XAxis } from "../../lib/urlState";
import { buildSeries } from "./chartData";

/** Mutable inputs the plugins read at draw time, so new data never needs new options. */
export interface ChartRefs {
  zoom: [number, number] | null;
  y: [number, number] | null;
  bands: Band[];
  downsampledRuns: Set<string>;
  tooltip: TooltipSeries[];
}

export interface ChartOptionsInput {
  runs: Array<{ run: string; color: string }>;
  x: XAxis;
  logY: boolean;
  showRaw: boolean;
  /** Whether each run has a raw column (see buildChartData). */
  raw: boolean;
  theme: "light" | "dark";
  refs: { current: ChartRefs };
  onZoom: (range: [number, number] | null) => void;
  onDraw: (u: uPlot) => void;
}

const THEME = {
  light: { axis: "#5f6b7a", grid: "rgba(29,35,48,0.08)" },
  dark: { axis: "#9aa4b2", grid: "rgba(230,233,238,0.09)" },
} as const;

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function xTickFormat(x: XAxis): ((u: uPlot, splits: number[]) => string[]) | undefined {
  if (x === "step") return (_u, splits) => splits.map((v) => formatStep(v, true));
  if (x === "relative") return (_u, splits) => splits.map((v) => formatDuration(v));
  return undefined; // uPlot's own date ticks for wall time
}

function padRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null) return [0, 1];
  if (min === max) return [min - 1, max + 1];
  return [min, max];
}

export function buildChartOptions(input: ChartOptionsInput): Omit<uPlot.Options, "width" | "height"> {
  const colors = THEME[input.theme];
  const refs = input.refs;
  const axisBase = {
    stroke: colors.axis,
    font: FONT,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1, size: 4 },
  };
  return {
    legend: { show: false },
    cursor: { points: { show: false }, y: false },
    padding: [10, 14, 0, 0],
    scales: {
      x: {
        time: input.x === "wall",
        range: (u, min, max) => {
          if (refs.current.zoom) return refs.current.zoom;
          // uPlot widens a single x to [x, x+100]; centre a lone point instead.
          const xs = u.data[0];
          if (xs.length === 1) return padRange(xs[0], xs[0]);
          return padRange(min, max);
        },
      },
      y: {
        distr: input.logY ? 3 : 1,
        range: (_u, min, max) => refs.current.y ?? padRange(min, max),
      },
    },
    axes: [
      // Wall-time ticks take two lines (time, then the date under the first tick).
      { ...axisBase, values: xTickFormat(input.x), space: 70, size: input.x === "wall" ? 44 : 30 },
      {
        ...axisBase,
        // Log axes pass null for unlabelled minor ticks.
        values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? "" : formatValue(v))),
        size: (_u, values) => Math.max(36, Math.max(0, ...(values ?? []).map((v) => v.length)) * 6.5 + 14),
      },
    ],
    series: buildSeries(input.runs, input.showRaw, (run) => refs.current.downsampledRuns.has(run), input.raw),
    plugins: [
      zoomPlugin(input.onZoom),
      bandPlugin(() => refs.current.bands),
      tooltipPlugin({
        getSeries: () => refs.current.tooltip,
        timeLabel: input.x === "relative" ? "Relative" : "Time",
        formatTime: input.x === "relative" ? (_w, xv) => formatDuration(xv) : (w) => formatWallTime(w),
      }),
      { hooks: { draw: input.onDraw } },
    ],
  };
}
