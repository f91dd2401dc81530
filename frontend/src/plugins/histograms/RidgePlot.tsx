/**
 * One run's histograms over steps as ridges: "offset" stacks them oldest at the back (top) and newest
 * in front, "overlay" draws them on one baseline. A count axis on the left measures the front ridge
 * (offset) or every ridge (overlay); hovering reads out the step, bin range and count above the plot.
 */
import { type MouseEvent, useMemo, useState } from "react";

import { BottomAxis, SideAxis } from "../../charts/svg/Axes";
import { Readout } from "../../charts/svg/Readout";
import { linearScale, pointerIn } from "../../charts/svg/scale";
import { formatStep, formatValue } from "../../lib/format";
import { cls } from "../../lib/names";
import { binAt, ridgePath } from "./model";
import type { HistogramsResponse } from "./calls/histograms";

export type HistogramMode = "offset" | "overlay" | "runs";

export interface RidgePlotProps {
  data: HistogramsResponse;
  mode: Exclude<HistogramMode, "runs">;
  color: string;
}

const W = 440;
const PAD = { left: 44, right: 56, top: 8, bottom: 24 };
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
  const offset = mode === "offset";
  const height = offset ? PAD.top + RIDGE_H + OFFSET_H + PAD.bottom : PAD.top + RIDGE_H * 2 + PAD.bottom;
  const ridgeH = offset ? RIDGE_H : RIDGE_H * 2;
  const baseline0 = PAD.top + ridgeH;
  const gap = offset && n > 1 ? OFFSET_H / (n - 1) : 0;
  const baseline = (i: number) => baseline0 + i * gap;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const x = useMemo(() => linearScale(lo, hi, PAD.left, W - PAD.right), [lo, hi]);
  const maxCount = useMemo(() => Math.max(1e-12, ...rows.flatMap((r) => r.counts)), [rows]);
  // Counts up from a ridge's baseline; the axis measures the front ridge, whose baseline is lowest.
  const front = baseline(Math.max(0, n - 1));
  const count = linearScale(0, maxCount, front, front - ridgeH);

  const paths = useMemo(() => {
    const y = linearScale(0, maxCount, 0, -ridgeH);
    return rows.map((row) => ridgePath(edges, row.counts, x, y));
  }, [rows, edges, maxCount, ridgeH, x]);

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const p = pointerIn(e, W, height);
    const bin = binAt(edges, x.invert(p.x));
    if (bin === null || n === 0) return setHover(null);
    const ridge = offset && gap > 0 ? Math.round((p.y - baseline0) / gap) : n - 1;
    setHover({ ridge: Math.min(n - 1, Math.max(0, ridge)), bin });
  };

  const hovered = hover ? rows[hover.ridge] : null;
  const stepLabels = offset ? niceIndices(n, 4) : [];
  return (
    <div className={cls("chart-plot")}>
      <Readout
        idle={
          <>
            {data.total} step{data.total === 1 ? "" : "s"}
            {data.total > n ? `, ${n} shown` : ""} · hover for counts
          </>
        }
      >
        {hovered && hover ? (
          <>
            step <b>{formatStep(hovered.step)}</b> · [{formatValue(edges[hover.bin])}, {formatValue(edges[hover.bin + 1])}) ·
            count <b>{formatValue(hovered.counts[hover.bin])}</b>
          </>
        ) : null}
      </Readout>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        role="img"
        aria-label={`Histograms of ${data.tag} in ${data.run}`}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        <SideAxis
          scale={count}
          ticks={count.ticks(offset ? 2 : 4)}
          format={(c) => formatValue(c)}
          grid={offset ? undefined : [PAD.left, W - PAD.right]}
          x={PAD.left - 5}
          title="count"
        />
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
                fill: offset ? `color-mix(in srgb, ${color} ${Math.round(30 + 70 * age)}%, var(--tb-surface))` : "none",
              }}
              stroke={offset ? "var(--tb-surface)" : color}
              strokeOpacity={offset ? 0.9 : 0.15 + 0.85 * age}
              strokeWidth={active ? 2 : offset ? 0.6 : 1}
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
        <BottomAxis scale={x} ticks={x.ticks()} format={(v) => formatValue(v)} y={height - 6} />
        <g className={cls("chart-axis")}>
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
