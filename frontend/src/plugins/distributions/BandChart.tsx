/**
 * Percentile bands over steps: min–max, 7–93%, 16–84% and 31–69% (±1.5σ, ±1σ, ±0.5σ of a normal),
 * darker towards the median line. Hovering reads out all nine values at the nearest step above the
 * chart, which TensorBoard's Distributions never did (tensorflow/tensorboard#406).
 */
import { useMemo, useState, type MouseEvent } from "react";

import { BottomAxis, SideAxis } from "../../charts/svg/Axes";
import { Readout } from "../../charts/svg/Readout";
import { linearScale, pointerIn } from "../../charts/svg/scale";
import { formatDuration, formatStep, formatValue, formatWallTime } from "../../lib/format";
import { cls } from "../../lib/names";
import type { XAxis } from "../../lib/urlState";
import type { DistributionsResponse } from "./calls/distributions";

export interface BandChartProps {
  data: DistributionsResponse;
  color: string;
  x: XAxis;
}

const W = 440;
const H = 220;
const PAD = { left: 48, right: 12, top: 8, bottom: 24 };
// Pairs of percentile rows bounding each band, outermost first; opacities live in the CSS (per theme).
const BANDS: Array<[number, number]> = [
  [0, 8],
  [1, 7],
  [2, 6],
  [3, 5],
];
const LABELS = ["max", "93%", "84%", "69%", "50%", "31%", "16%", "7%", "min"];

export function BandChart({ data, color, x: axis }: BandChartProps) {
  const [hover, setHover] = useState<number | null>(null);
  const xs = useMemo(() => {
    if (axis === "step") return data.step;
    const t0 = data.wall_time[0] ?? 0;
    return axis === "relative" ? data.wall_time.map((t) => t - t0) : data.wall_time;
  }, [data, axis]);
  const lines = data.percentiles;
  const [x0, x1] = [xs[0], xs[xs.length - 1]];
  const yLo = Math.min(...lines[0]);
  const yHi = Math.max(...lines[lines.length - 1]);
  const pad = (yHi - yLo) * 0.05 || Math.abs(yHi) * 0.05 || 1;
  const [y0, y1] = [yLo - pad, yHi + pad];
  const sx = useMemo(() => linearScale(x0, x1, PAD.left, W - PAD.right), [x0, x1]);
  const sy = useMemo(() => linearScale(y0, y1, H - PAD.bottom, PAD.top), [y0, y1]);

  const bandPaths = useMemo(
    () =>
      BANDS.map(([lo, hi]) => {
        const top = xs.map((v, i) => `${sx(v).toFixed(1)},${sy(lines[hi][i]).toFixed(1)}`);
        const bottom = xs.map((v, i) => `${sx(v).toFixed(1)},${sy(lines[lo][i]).toFixed(1)}`).reverse();
        return `M${top.join("L")}L${bottom.join("L")}Z`;
      }),
    [xs, lines, sx, sy],
  );
  const median = xs.map((v, i) => `${sx(v).toFixed(1)},${sy(lines[4][i]).toFixed(1)}`).join("L");

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const px = pointerIn(e, W, H).x;
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(sx(xs[i]) - px) < Math.abs(sx(xs[best]) - px)) best = i;
    setHover(xs.length ? best : null);
  };

  const xLabel = (v: number) =>
    axis === "step" ? formatStep(v, true) : axis === "relative" ? formatDuration(v) : formatWallTime(v).slice(11);
  // Wall-clock ticks stay evenly spaced: round numbers of unix seconds mean nothing to a reader.
  const xTicks =
    xs.length < 2 ? [x0] : axis === "wall" ? [0, 0.25, 0.5, 0.75, 1].map((f) => x0 + f * (x1 - x0)) : sx.ticks(5);
  return (
    <div className={cls("chart-plot")}>
      <Readout
        lines={2}
        idle={
          <>
            {data.total} step{data.total === 1 ? "" : "s"}
            {data.downsampled ? ` in ${data.step.length} groups (min and max over each)` : ""} · hover for values
          </>
        }
      >
        {hover !== null ? (
          <>
            step <b>{formatStep(data.step[hover])}</b>
            {LABELS.map((label, k) => (
              <span key={label}>
                {" "}
                {label} <b>{formatValue(lines[8 - k][hover])}</b>
              </span>
            ))}
          </>
        ) : null}
      </Readout>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Distribution of ${data.tag} in ${data.run}`} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
        <SideAxis scale={sy} ticks={sy.ticks(5)} format={(v) => formatValue(v)} grid={[PAD.left, W - PAD.right]} x={PAD.left - 6} />
        <BottomAxis scale={sx} ticks={xTicks} format={xLabel} y={H - 6} />
        {bandPaths.map((d, k) => (
          <path key={k} d={d} fill={color} className={cls(`dist-band-${k}`)} />
        ))}
        <path d={`M${median}`} fill="none" stroke={color} strokeWidth={1.5} />
        {hover !== null ? (
          <line x1={sx(xs[hover])} x2={sx(xs[hover])} y1={PAD.top} y2={H - PAD.bottom} stroke="var(--tb-muted)" strokeDasharray="3 3" />
        ) : null}
      </svg>
    </div>
  );
}
