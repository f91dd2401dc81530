/**
 * Every hyperparameter (columns) against every metric (rows): one small scatter plot per pair, so the
 * hyperparameters that move a metric stand out. Sessions the filters exclude stay as grey dots.
 */
import { useMemo, useRef } from "react";

import { BottomTicks, SideTicks } from "../../charts/svg/Axes";
import { formatValue } from "../../lib/format";
import { cls } from "../../lib/names";
import type { MetricStatistic, Session } from "./calls/hparams";
import { type Column, type SessionChartProps, cellValue, valueLabel } from "./model";
import { type Scale, scaleFor, sessionColors } from "./scales";
import { useWidth } from "./useWidth";

const ROW_LABEL = 120;
const CELL_H = 150;
const PAD = 8;
/** Room for the y tick labels on the left and the x tick labels below, in pixels. */
const LEFT = 38;
const BOTTOM = 18;
const INSET = 0.06;
const MAX_CELL_W = 240;
const MIN_CELL_W = 120;

export interface ScatterMatrixProps extends SessionChartProps {
  hparams: Column[];
  metrics: Column[];
}

export function ScatterMatrix(props: ScatterMatrixProps) {
  const { hparams, metrics, allSessions, matching, stat } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap);
  const cellW = Math.max(MIN_CELL_W, Math.min(MAX_CELL_W, (width - ROW_LABEL) / Math.max(1, hparams.length)));
  const scales = useMemo(
    () => new Map([...hparams, ...metrics].map((c) => [c.id, scaleFor(c, allSessions, stat)])),
    [hparams, metrics, allSessions, stat],
  );
  const { colorOf } = sessionColors(props.colorBy, allSessions, stat);
  // Dimmed dots first, so the sessions that pass the filters are drawn on top.
  const ordered = [...allSessions].sort((a, b) => Number(matching.has(a.run)) - Number(matching.has(b.run)));

  if (!hparams.length || !metrics.length) {
    return <p className={cls("hp-note")}>The scatter matrix needs at least one visible hyperparameter and one metric.</p>;
  }
  return (
    <div ref={wrap} className={cls("hp-matrix")} role="group" aria-label="Scatter matrix: hyperparameters against metrics">
      <div className={cls("hp-matrix-row")}>
        <div style={{ width: ROW_LABEL }} />
        {hparams.map((h) => (
          <div key={h.id} className={cls("hp-matrix-col-label")} style={{ width: cellW }} title={h.name}>
            {h.label}
          </div>
        ))}
      </div>
      {metrics.map((m) => (
        <div key={m.id} className={cls("hp-matrix-row")}>
          <div className={cls("hp-matrix-row-label")} style={{ width: ROW_LABEL }} title={`${m.name} (${stat})`}>
            {m.label}
            <small>{stat}</small>
          </div>
          {hparams.map((h) => (
            <Cell
              key={h.id}
              width={cellW}
              xScale={scales.get(h.id)!}
              yScale={scales.get(m.id)!}
              x={h}
              y={m}
              sessions={ordered}
              matching={matching}
              stat={stat}
              colorOf={colorOf}
              onOpenRun={props.onOpenRun}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

interface CellProps {
  width: number;
  xScale: Scale;
  yScale: Scale;
  x: Column;
  y: Column;
  sessions: Session[];
  matching: Set<string>;
  stat: MetricStatistic;
  colorOf: (s: Session) => string;
  onOpenRun: (run: string) => void;
}

function Cell({ width, xScale, yScale, x, y, sessions, matching, stat, colorOf, onOpenRun }: CellProps) {
  const w = width - 4;
  // Inset so that points on the extremes (and whole categories) do not sit on the frame.
  const px = (pos: number) => LEFT + (INSET + pos * (1 - 2 * INSET)) * (w - LEFT - PAD);
  const py = (pos: number) => CELL_H - BOTTOM - (INSET + pos * (1 - 2 * INSET)) * (CELL_H - BOTTOM - PAD);
  const xTicks = xScale.kind === "category" && xScale.ticks.length <= 4 ? xScale.ticks : edgeTicks(xScale);
  const yTicks = edgeTicks(yScale);
  return (
    <svg className={cls("hp-cell")} width={w} height={CELL_H}>
      <rect className={cls("hp-cell-frame")} x={0.5} y={0.5} width={w - 1} height={CELL_H - 1} rx={4} />
      <line className={cls("hp-cell-axis")} x1={LEFT} x2={LEFT} y1={PAD} y2={CELL_H - BOTTOM} />
      <line className={cls("hp-cell-axis")} x1={LEFT} x2={w - PAD} y1={CELL_H - BOTTOM} y2={CELL_H - BOTTOM} />
      <BottomTicks
        ticks={xTicks.map((t) => ({
          at: px(t.pos),
          label: t.label,
          // Labels at the ends grow inwards, so a long category name is not cut by the cell's edge.
          anchor: t.pos <= 0.05 ? "start" : t.pos >= 0.95 ? "end" : "middle",
        }))}
        y={CELL_H - 5}
        labelClass={cls("hp-cell-tick")}
      />
      <SideTicks
        ticks={yTicks.map((t) => ({ at: py(t.pos), label: t.label }))}
        x={LEFT}
        gap={4}
        labelClass={cls("hp-cell-tick")}
      />
      {sessions.map((s) => {
        const xv = cellValue(s, x, stat);
        const yv = cellValue(s, y, stat);
        const xp = xScale.pos(xv);
        const yp = yScale.pos(yv);
        if (xp === null || yp === null) return null;
        const on = matching.has(s.run);
        // Categories put many trials on one x: a small fixed offset per run keeps them apart.
        const jitter = xScale.kind === "category" ? (hash(s.run) - 0.5) * 10 : 0;
        return (
          <circle
            key={s.run}
            className={cls(on ? "hp-dot" : "hp-dot-dimmed")}
            cx={px(xp) + jitter}
            cy={py(yp)}
            r={on ? 3.5 : 2.5}
            fill={on ? colorOf(s) : undefined}
            onClick={() => onOpenRun(s.run)}
          >
            <title>{`${s.run}\n${x.label} = ${show(xv)}\n${y.label} = ${show(yv)}`}</title>
          </circle>
        );
      })}
    </svg>
  );
}

function edgeTicks(scale: Scale) {
  const t = scale.ticks;
  return t.length <= 2 ? t : [t[0], t[t.length - 1]];
}

function show(v: ReturnType<typeof cellValue>): string {
  return typeof v === "number" ? formatValue(v) : valueLabel(v);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1000) / 1000;
}
