/**
 * The data table under a time-series card: for every line, its value, smoothed value, step and time at
 * the cursor (the last point while the cursor is elsewhere), and over a shift-dragged range its min,
 * max, mean and change. Full run names, each with its colour.
 */
import { useMemo, useSyncExternalStore } from "react";

import type { CursorStore } from "../charts/cursorPlugin";
import { pointsAt, rangeStats, type RangeRow } from "../charts/dataTable";
import type { TooltipSeries } from "../charts/tooltipPlugin";
import { formatDuration, formatStep, formatValue, formatWallTime } from "../lib/format";
import { cls } from "../lib/names";
import type { XAxis } from "../lib/urlState";
import "./ChartDataTable.css";

/** Rows drawn at most; a sweep's card lists the first and counts the rest. */
const MAX_ROWS = 100;

export interface ChartDataTableProps {
  series: readonly TooltipSeries[];
  /** The x under the cursor, or null for each line's last point; only the table re-renders as it moves. */
  cursor: CursorStore;
  range: readonly [number, number] | null;
  /** The chart's x axis: the cursor and range read as steps, durations or dates. */
  x: XAxis;
  /** Lines whose points were downsampled: their mean is over the drawn points only. */
  approximate: ReadonlySet<string>;
  onClearRange: () => void;
}

/** An x value as the table's header says it: "step 1,200", "12m 30s" or a date and time. */
export function formatX(x: XAxis, v: number): string {
  if (x === "step") return `step ${formatStep(Math.round(v))}`;
  return x === "relative" ? formatDuration(v) : formatWallTime(v);
}

export function ChartDataTable({ series, cursor: store, range, x, approximate, onClearRange }: ChartDataTableProps) {
  const cursor = useSyncExternalStore(store.subscribe, store.get);
  const at = (v: number) => formatX(x, v);
  const timeLabel = x === "relative" ? "Relative" : "Time";
  const formatTime = (wallTime: number, xv: number) => (x === "relative" ? formatDuration(xv) : formatWallTime(wallTime));
  const points = useMemo(() => pointsAt(series, cursor), [series, cursor]);
  const stats = useMemo(() => {
    if (!range) return null;
    return new Map<string, RangeRow>(rangeStats(series, range[0], range[1]).map((r) => [r.name, r]));
  }, [series, range]);
  const shown = points.slice(0, MAX_ROWS);
  return (
    <div className={cls("data-table")} role="region" aria-label="Data table">
      <div className={cls("data-table-head")}>
        <span data-testid="table-at">{cursor === null ? "Last point of each run" : `At ${at(cursor)}`}</span>
        {range ? (
          <span data-testid="table-range">
            · range {at(range[0])} – {at(range[1])}{" "}
            <button type="button" className={cls("link")} onClick={onClearRange}>
              clear
            </button>
          </span>
        ) : (
          <span className={cls("muted")}>· shift-drag on the chart to select a range</span>
        )}
      </div>
      <div className={cls("data-table-scroll")}>
        <table>
          <thead>
            <tr>
              <th className={cls("data-table-name")}>Run</th>
              <th>Value</th>
              <th>Smoothed</th>
              <th>Step</th>
              <th>{timeLabel}</th>
              {stats ? (
                <>
                  <th>Min</th>
                  <th>Max</th>
                  <th>Mean</th>
                  <th>Change</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => {
              const r = stats?.get(p.name);
              return (
                <tr key={p.name} data-run={p.name}>
                  <td className={cls("data-table-name")}>
                    <span className={cls("swatch")} style={{ background: p.color }} />
                    {p.name}
                  </td>
                  <td>{formatValue(p.value)}</td>
                  <td>{formatValue(p.smoothed)}</td>
                  <td>{formatStep(p.step)}</td>
                  <td>{formatTime(p.wallTime, p.x)}</td>
                  {stats ? (
                    r ? (
                      <>
                        <td>{formatValue(r.min)}</td>
                        <td>{formatValue(r.max)}</td>
                        <td title={approximate.has(p.name) ? "Mean of the drawn points: zoom in for every point" : undefined}>
                          {approximate.has(p.name) ? "≈" : ""}
                          {formatValue(r.mean)}
                        </td>
                        <td>{formatChange(r.change)}</td>
                      </>
                    ) : (
                      <td colSpan={4} className={cls("muted")}>
                        no points in the range
                      </td>
                    )
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
        {points.length > shown.length ? <p className={cls("muted")}>and {points.length - shown.length} more runs</p> : null}
      </div>
    </div>
  );
}

function formatChange(v: number): string {
  return v > 0 ? `+${formatValue(v)}` : formatValue(v);
}
