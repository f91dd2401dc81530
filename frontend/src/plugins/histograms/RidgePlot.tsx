/**
 * Histograms over steps as ridges: "offset" stacks them oldest at the back (top) and newest in front,
 * "overlay" draws them on one baseline. Hovering reads out the step, bin range and count above the
 * plot, so nothing covers the card's title.
 */
import { type MouseEvent, useCallback, useMemo, useState } from "react";

import { formatStep, formatValue } from "../../lib/format";
import { cls } from "../../lib/names";
import { niceTicks } from "../../lib/ticks";
import type { HistogramsResponse } from "./useHistograms";

export type HistogramMode = "offset" | "overlay";

export interface RidgePlotProps {
  data: HistogramsResponse;
  mode: HistogramMode;
  color: string;
}

const W = 440;
const PAD = { left: 12, right: 56, top: 8, bottom: 24 };
const RIDGE_H = 64;
const OFFSET_H = 150;

interface Hover {
  ridge: number;
  bin: number;
}

export function RidgePlot({ data, mode, color }: RidgePlotProps) {
  const [hover, setHover] = useState<Hover | null>(null);
  const rows = data.histograms;
  const edges = data.edges;
  const n = rows.length;
  const height = mode === "offset" ? PAD.top + RIDGE_H + OFFSET_H + PAD.bottom : PAD.top + RIDGE_H * 2 + PAD.bottom;
  const ridgeH = mode === "offset" ? RIDGE_H : RIDGE_H * 2;
  const baseline0 = PAD.top + ridgeH;
  const gap = mode === "offset" && n > 1 ? OFFSET_H / (n - 1) : 0;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const x = useCallback((v: number) => PAD.left + ((v - lo) / (hi - lo || 1)) * (W - PAD.left - PAD.right), [lo, hi]);
  const maxCount = useMemo(() => Math.max(1e-12, ...rows.flatMap((r) => r.counts)), [rows]);
  const baseline = (i: number) => baseline0 + i * gap;

  // Each ridge is a line through the bin centres, closed down to its baseline at the outer edges.
  const paths = useMemo(
    () =>
      rows.map((row) => {
        let d = `M${x(edges[0]).toFixed(1)},0`;
        row.counts.forEach((c, b) => {
          const y = -(c / maxCount) * ridgeH;
          d += `L${x((edges[b] + edges[b + 1]) / 2).toFixed(1)},${y.toFixed(1)}`;
        });
        return `${d}L${x(edges[edges.length - 1]).toFixed(1)},0Z`;
      }),
    [rows, edges, maxCount, ridgeH, x],
  );

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * W;
    const py = ((e.clientY - box.top) / box.height) * height;
    const value = lo + ((px - PAD.left) / (W - PAD.left - PAD.right)) * (hi - lo);
    if (value < lo || value > hi || n === 0) return setHover(null);
    const bin = Math.min(edges.length - 2, Math.max(0, edges.findIndex((e2) => e2 > value) - 1));
    const ridge = mode === "offset" && gap > 0 ? Math.round((py - baseline0) / gap) : n - 1;
    setHover({ ridge: Math.min(n - 1, Math.max(0, ridge)), bin: bin < 0 ? edges.length - 2 : bin });
  };

  const hovered = hover ? rows[hover.ridge] : null;
  const stepLabels = mode === "offset" ? niceIndices(n, 4) : [];
  return (
    <div className={cls("chart-plot")}>
      <div className={cls("hist-readout")} aria-live="polite">
        {hovered && hover ? (
          <>
            step <b>{formatStep(hovered.step)}</b> · [{formatValue(edges[hover.bin])}, {formatValue(edges[hover.bin + 1])}) ·
            count <b>{formatValue(hovered.counts[hover.bin])}</b>
          </>
        ) : (
          <span className={cls("muted")}>
            {data.total} step{data.total === 1 ? "" : "s"}
            {data.total > n ? `, ${n} shown` : ""} · hover for counts
          </span>
        )}
      </div>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        role="img"
        aria-label={`Histograms of ${data.tag} in ${data.run}`}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        {rows.map((row, i) => {
          const age = n > 1 ? i / (n - 1) : 1;
          const active = hover?.ridge === i;
          return (
            <path
              key={`${row.step}-${i}`}
              d={paths[i]}
              transform={`translate(0,${baseline(i)})`}
              // Opaque fills, paler with age, so the newest ridge (in front) hides those behind it.
              style={{
                fill: mode === "offset" ? `color-mix(in srgb, ${color} ${Math.round(30 + 70 * age)}%, var(--tb-surface))` : "none",
              }}
              stroke={mode === "offset" ? "var(--tb-surface)" : color}
              strokeOpacity={mode === "offset" ? 0.9 : 0.15 + 0.85 * age}
              strokeWidth={active ? 2 : mode === "offset" ? 0.6 : 1}
              className={active ? cls("hist-active") : undefined}
            />
          );
        })}
        {hovered && hover ? (
          <rect
            x={x(edges[hover.bin])}
            y={PAD.top}
            width={Math.max(1, x(edges[hover.bin + 1]) - x(edges[hover.bin]))}
            height={height - PAD.top - PAD.bottom}
            fill="var(--tb-text)"
            fillOpacity={0.08}
            pointerEvents="none"
          />
        ) : null}
        <g className={cls("chart-axis")}>
          {niceTicks(lo, hi).map((t) => (
            <text key={t} x={x(t)} y={height - 6} textAnchor="middle">
              {formatValue(t)}
            </text>
          ))}
          {stepLabels.map((i) => (
            <text key={i} x={W - PAD.right + 6} y={baseline(i)} dominantBaseline="middle">
              {formatStep(rows[i].step, true)}
            </text>
          ))}
        </g>
      </svg>
    </div>
  );
}

function niceIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.round((k * (n - 1)) / (count - 1)));
}
