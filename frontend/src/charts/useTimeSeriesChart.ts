/**
 * The one hook behind every time-series card (Scalars, Custom Scalars): builds the uPlot options once
 * per `optionsKey`, hands the plugins this render's zoom, y range, bands and tooltip rows through a
 * getter (the ref behind it is written in a layout effect, never during render), marks the card as
 * painted for tests, and redraws when only the window, the y range or the selected range changed.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from "react";
import type uPlot from "uplot";

import { EMPTY_STATE, timeSeriesOptions, type ChartState, type TimeSeriesOptionsInput } from "./timeSeriesOptions";

export interface TimeSeriesChartInput extends Omit<TimeSeriesOptionsInput, "state" | "onDraw" | "series"> {
  cardRef: RefObject<HTMLElement>;
  /** This render's draw-time inputs. */
  state: ChartState;
  data: uPlot.AlignedData;
  /** Builds the y series; `state` reads the latest ChartState at draw time. */
  series: (state: () => ChartState) => uPlot.Series[];
  /** Changes whenever the options must be rebuilt (series list, colours, axis kind, theme, ...). */
  optionsKey: string;
}

export interface TimeSeriesChart {
  options: Omit<uPlot.Options, "width" | "height">;
  optionsKey: string;
  /** The live uPlot instance (for exports), or null before the first draw. */
  chartRef: RefObject<uPlot | null>;
  onChart: (u: uPlot | null) => void;
}

export function useTimeSeriesChart(input: TimeSeriesChartInput): TimeSeriesChart {
  const { cardRef, state, data, optionsKey } = input;
  const stateRef = useRef<ChartState>(EMPTY_STATE);
  const chartRef = useRef<uPlot | null>(null);
  // Layout effects run before the chart's own effects (which build it and feed it data), so every
  // draw reads this render's state.
  useLayoutEffect(() => {
    stateRef.current = state;
  });

  const onDraw = useCallback(
    (u: uPlot) => {
      // Tests and benchmarks/ui.py wait on this: the canvas holds data, not just axes.
      const el = cardRef.current;
      if (el && u.data[0].length > 0) el.dataset.painted = "true";
    },
    [cardRef],
  );

  const options = useMemo(
    () => {
      const get = () => stateRef.current;
      return timeSeriesOptions({ ...input, series: input.series(get), state: get, onDraw });
    },
    // optionsKey names every input the options are built from (the callbacks are stable setters).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionsKey covers every input
    [optionsKey, onDraw],
  );

  // Data changes are drawn by the chart itself; a new window, y range or selected range alone is drawn
  // here (setData re-ranges the axes at once, before a zoomed window's detail arrives).
  const rangesKey = JSON.stringify([state.zoom, state.y, state.range]);
  const drawnData = useRef(data);
  useEffect(() => {
    const u = chartRef.current;
    if (u && drawnData.current === data) u.setData(u.data);
    drawnData.current = data;
  }, [rangesKey, data]);

  const onChart = useCallback((u: uPlot | null) => {
    chartRef.current = u;
  }, []);
  return { options, optionsKey, chartRef, onChart };
}
