/**
 * The one uPlot component: built on mount, resized with setSize, fed with setData, rebuilt only when
 * optionsKey changes, destroyed on unmount. Live points therefore never remount the chart.
 */
import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "./chart.css";

import { cls } from "../lib/names";

export interface LineChartProps {
  /** uPlot options without width and height, which follow the container. */
  options: Omit<uPlot.Options, "width" | "height">;
  /** Changes whenever options must be rebuilt (log scale, axis kind, series list, theme). */
  optionsKey: string;
  data: uPlot.AlignedData;
  height: number;
  /** Receives the instance after each (re)build, and null on unmount, e.g. for exports. */
  onChart?: (chart: uPlot | null) => void;
}

export function LineChart({ options, optionsKey, data, height, onChart }: LineChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  // The latest props, read by the effects below without making them rerun; written in a layout
  // effect (after render, before those effects), never during render.
  const latest = useRef({ options, data, height, onChart });
  useLayoutEffect(() => {
    latest.current = { options, data, height, onChart };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const { options: opts, data: initial, height: h, onChart: notify } = latest.current;
    const chart = new uPlot({ ...opts, width: Math.max(container.clientWidth, 50), height: h }, initial, container);
    chartRef.current = chart;
    notify?.(chart);
    const resize = new ResizeObserver(() => {
      const width = Math.max(container.clientWidth, 50);
      if (width !== chart.width || latest.current.height !== chart.height) {
        chart.setSize({ width, height: latest.current.height });
      }
    });
    resize.observe(container);
    return () => {
      resize.disconnect();
      chart.destroy();
      chartRef.current = null;
      latest.current.onChart?.(null);
    };
  }, [optionsKey]);

  useEffect(() => {
    const chart = chartRef.current;
    if (chart && chart.data !== data) chart.setData(data);
  }, [data]);

  useEffect(() => {
    const chart = chartRef.current;
    const container = containerRef.current;
    if (chart && container && chart.height !== height) {
      chart.setSize({ width: Math.max(container.clientWidth, 50), height });
    }
  }, [height]);

  return <div ref={containerRef} className={cls("chart")} />;
}
