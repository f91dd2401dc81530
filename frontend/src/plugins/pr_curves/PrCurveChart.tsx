/**
 * One step's precision-recall curve as SVG: recall across, precision up, both on [0, 1]. Hovering
 * snaps to the nearest threshold and reads out its threshold, precision, recall and the four counts
 * above the plot, so nothing covers the curve.
 */
import { useMemo, useState, type MouseEvent } from "react";

import { BottomAxis, SideAxis } from "../../charts/svg/Axes";
import { linearScale, pointerIn } from "../../charts/svg/scale";
import { formatValue } from "../../lib/format";
import { cls } from "../../lib/names";
import { areaUnderCurve, nearestPoint } from "./model";
import type { PrCurve } from "./calls/prCurves";

export interface PrCurveChartProps {
  curve: PrCurve;
  color: string;
  label: string;
}

const W = 440;
const H = 300;
const PAD = { left: 40, right: 12, top: 8, bottom: 34 };
const PW = W - PAD.left - PAD.right;
const PH = H - PAD.top - PAD.bottom;
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

const px = linearScale(0, 1, PAD.left, PAD.left + PW);
const py = linearScale(0, 1, PAD.top + PH, PAD.top);
const count = (v: number | null | undefined) => (v == null ? "–" : Math.round(v).toLocaleString("en-US"));

export function PrCurveChart({ curve, color, label }: PrCurveChartProps) {
  const [hover, setHover] = useState<number | null>(null);
  const path = useMemo(() => {
    let d = "";
    let pen = "M";
    for (let i = 0; i < curve.thresholds.length; i++) {
      const r = curve.recall[i];
      const p = curve.precision[i];
      if (r == null || p == null) {
        pen = "M";
        continue;
      }
      d += `${pen}${px(r).toFixed(1)},${py(p).toFixed(1)}`;
      pen = "L";
    }
    return d;
  }, [curve]);
  const auc = useMemo(() => areaUnderCurve(curve), [curve]);
  const i = hover !== null && hover < curve.thresholds.length ? hover : null;

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const { x, y } = pointerIn(e, W, H);
    const found = nearestPoint(curve, (x - PAD.left) / PW, 1 - (y - PAD.top) / PH, PW, PH);
    setHover(found >= 0 ? found : null);
  };

  return (
    <div className={cls("chart-plot", "pr-chart")}>
      <div className={cls("pr-readout")} aria-live="polite">
        {i !== null ? (
          <>
            <span>
              threshold <b>{curve.thresholds[i].toFixed(3)}</b>
            </span>
            <span>
              precision <b>{formatValue(curve.precision[i])}</b>
            </span>
            <span>
              recall <b>{formatValue(curve.recall[i])}</b>
            </span>
            <span className={cls("pr-counts")}>
              TP {count(curve.tp[i])} · FP {count(curve.fp[i])} · TN {count(curve.tn[i])} · FN {count(curve.fn[i])}
            </span>
          </>
        ) : (
          <span className={cls("muted")}>
            {auc !== null ? `area under curve ${auc.toFixed(3)} · ` : ""}
            {curve.thresholds.length} thresholds · hover the curve for counts
          </span>
        )}
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
        <BottomAxis scale={px} ticks={TICKS} format={(t) => t.toFixed(1)} grid={[PAD.top, PAD.top + PH]} y={PAD.top + PH + 13} title="Recall" titleY={H - 3} />
        <SideAxis scale={py} ticks={TICKS} format={(t) => t.toFixed(1)} grid={[PAD.left, PAD.left + PW]} x={PAD.left - 5} title="Precision" titleX={10} />
        <rect className={cls("pr-frame")} x={PAD.left} y={PAD.top} width={PW} height={PH} />
        <path d={path} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" />
        {i !== null ? (
          <g className={cls("pr-hover")}>
            <line x1={PAD.left} x2={px(curve.recall[i])} y1={py(curve.precision[i])} y2={py(curve.precision[i])} />
            <line x1={px(curve.recall[i])} x2={px(curve.recall[i])} y1={py(curve.precision[i])} y2={PAD.top + PH} />
            <circle cx={px(curve.recall[i])} cy={py(curve.precision[i])} r={4.5} fill={color} />
          </g>
        ) : null}
      </svg>
    </div>
  );
}
