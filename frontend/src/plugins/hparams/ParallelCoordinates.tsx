/**
 * One line per session across one axis per column. Drag along an axis to brush (it becomes that
 * column's filter, shared with the table; a click on the axis clears it), drag an axis title sideways
 * to move the axis, hover a line to read its trial, click it to open the trial's scalars.
 */
import { type Dispatch, type ReactNode, type SetStateAction, useMemo, useRef, useState } from "react";

import { SideTicks } from "../../charts/svg/Axes";
import { formatValue } from "../../lib/format";
import { cls } from "../../lib/names";
import type { MetricStatistic, Session } from "./calls/hparams";
import { type Column, type ColumnFilter, type Filters, type SessionChartProps, cellValue, valueLabel } from "./model";
import { type Scale, colorAt, scaleFor, sessionColors } from "./scales";
import { useWidth } from "./useWidth";

const HEIGHT = 440;
const TOP = 56;
const BOTTOM = 28;
const SIDE = 72;
const MIN_AXIS_GAP = 96;
/** A drag shorter than this (pixels) on an axis is a click: it clears the axis' brush. */
const CLICK_SLOP = 4;

export interface ParallelCoordinatesProps extends SessionChartProps {
  columns: Column[];
  filters: Filters;
  onFilter: (columnId: string, filter: ColumnFilter | null) => void;
  onReorder: (ids: string[]) => void;
}

interface Drag {
  id: string;
  startY: number;
  y: number;
}

export function ParallelCoordinates(props: ParallelCoordinatesProps) {
  const { columns, allSessions, matching, stat } = props;
  const wrap = useRef<HTMLDivElement>(null);
  // Many columns scroll sideways rather than squeeze their axes together.
  const width = Math.max(useWidth(wrap), 2 * SIDE + (columns.length - 1) * MIN_AXIS_GAP);
  const [hover, setHover] = useState<string | null>(null);

  const scales = useMemo(
    () => new Map(columns.map((c) => [c.id, scaleFor(c, allSessions, stat)])),
    [columns, allSessions, stat],
  );
  const { scale: colorScale, colorOf } = useMemo(
    () => sessionColors(props.colorBy, allSessions, stat),
    [props.colorBy, allSessions, stat],
  );
  const step = columns.length > 1 ? (width - 2 * SIDE) / (columns.length - 1) : 0;
  const xOf = (i: number) => (columns.length > 1 ? SIDE + i * step : width / 2);
  const yOf = (pos: number) => TOP + (1 - pos) * (HEIGHT - TOP - BOTTOM);
  const posOfY = (y: number) => Math.min(1, Math.max(0, 1 - (y - TOP) / (HEIGHT - TOP - BOTTOM)));
  const drags = useAxisDrags(columns, xOf, posOfY, props.onFilter, props.onReorder);
  const axisX = new Map(columns.map((c, i) => [c.id, drags.moving?.id === c.id ? drags.moving.x : xOf(i)]));

  const pathOf = (s: Session) => {
    const points: string[] = [];
    for (const c of columns) {
      const pos = scales.get(c.id)!.pos(cellValue(s, c, stat));
      if (pos !== null) points.push(`${axisX.get(c.id)!.toFixed(1)},${yOf(pos).toFixed(1)}`);
    }
    return points.length ? `M${points.join("L")}` : "";
  };

  const dimmed = allSessions.filter((s) => !matching.has(s.run));
  const shown = allSessions.filter((s) => matching.has(s.run));
  const hovered = allSessions.find((s) => s.run === hover) ?? null;

  return (
    <div ref={wrap} className={cls("hp-parallel")}>
      <svg width={width} height={HEIGHT} role="img" aria-label="Parallel coordinates of the sessions">
        <SessionLines
          dimmed={dimmed}
          shown={shown}
          hovered={hovered}
          pathOf={pathOf}
          colorOf={colorOf}
          onHover={setHover}
          onOpenRun={props.onOpenRun}
        />
        {columns.map((c) => {
          const scale = scales.get(c.id)!;
          const drag = drags.brush?.id === c.id ? drags.brush : null;
          return (
            <ParallelAxis
              key={c.id}
              column={c}
              scale={scale}
              x={axisX.get(c.id)!}
              yOf={yOf}
              sub={c.kind === "metric" ? `${stat}` : scale.kind === "log" ? "log scale" : ""}
              band={drag ? [drag.startY, drag.y] : brushBand(scale, props.filters[c.id], yOf)}
              onBrush={drags.onBrush(c, scale)}
              onMove={drags.onMove(c)}
            />
          );
        })}
      </svg>
      <HoverReadout
        hovered={hovered}
        columns={columns}
        stat={stat}
        legend={props.colorBy && colorScale ? <ColorLegend label={props.colorBy.label} scale={colorScale} /> : null}
      />
    </div>
  );
}

/**
 * The two drags on the axes: along an axis it brushes (a filter of that column; a click clears it),
 * on a title it moves the axis sideways (a new column order when let go).
 */
function useAxisDrags(
  columns: Column[],
  xOf: (i: number) => number,
  posOfY: (y: number) => number,
  onFilter: ParallelCoordinatesProps["onFilter"],
  onReorder: ParallelCoordinatesProps["onReorder"],
) {
  const [brush, setBrush] = useState<Drag | null>(null);
  const [moving, setMoving] = useState<{ id: string; x: number } | null>(null);

  const endBrush = (column: Column, scale: Scale, drag: Drag) => {
    if (Math.abs(drag.y - drag.startY) < CLICK_SLOP) {
      onFilter(column.id, null);
      return;
    }
    const range = scale.invert(posOfY(drag.startY), posOfY(drag.y));
    onFilter(
      column.id,
      "values" in range ? { kind: "values", values: range.values } : { kind: "range", ...range },
    );
  };

  const endMove = (id: string, x: number) => {
    const order = columns.map((c, i) => ({ id: c.id, x: c.id === id ? x : xOf(i) }));
    order.sort((a, b) => a.x - b.x);
    onReorder(order.map((o) => o.id));
  };

  const onBrush = (c: Column, scale: Scale) => (phase: Phase, y: number) => {
    if (phase === "start") setBrush({ id: c.id, startY: y, y });
    else if (brush?.id !== c.id) return;
    else if (phase === "move") setBrush({ ...brush, y });
    else {
      endBrush(c, scale, brush);
      setBrush(null);
    }
  };
  const onMove = (c: Column) => (phase: Phase, x: number) => {
    if (phase === "start") setMoving({ id: c.id, x });
    else if (moving?.id !== c.id) return;
    else if (phase === "move") setMoving({ id: c.id, x });
    else {
      endMove(c.id, moving.x);
      setMoving(null);
    }
  };
  return { brush, moving, onBrush, onMove };
}

interface SessionLinesProps {
  dimmed: Session[];
  shown: Session[];
  hovered: Session | null;
  pathOf: (s: Session) => string;
  colorOf: (s: Session) => string;
  onHover: Dispatch<SetStateAction<string | null>>;
  onOpenRun: (run: string) => void;
}

/** One line per session: the excluded ones grey below, the hovered one on top, and wide hit paths. */
function SessionLines({ dimmed, shown, hovered, pathOf, colorOf, onHover: setHover, onOpenRun }: SessionLinesProps) {
  return (
    <>
      <g className={cls("hp-lines-dimmed")}>
        {dimmed.map((s) => (
          <path key={s.run} d={pathOf(s)} />
        ))}
      </g>
      <g className={cls("hp-lines")}>
        {shown.map((s) => (
          <path key={s.run} d={pathOf(s)} stroke={colorOf(s)} data-run={s.run} />
        ))}
      </g>
      {hovered ? <path className={cls("hp-line-hover")} d={pathOf(hovered)} stroke={colorOf(hovered)} /> : null}
      <g className={cls("hp-hits")}>
        {shown.map((s) => (
          <path
            key={s.run}
            d={pathOf(s)}
            onPointerEnter={() => setHover(s.run)}
            onPointerLeave={() => setHover((h) => (h === s.run ? null : h))}
            onClick={() => onOpenRun(s.run)}
          >
            <title>{s.run}</title>
          </path>
        ))}
      </g>
    </>
  );
}

type Phase = "start" | "move" | "end";

interface ParallelAxisProps {
  column: Column;
  scale: Scale;
  x: number;
  yOf: (pos: number) => number;
  /** The line under the title: the metric's statistic, or "log scale". */
  sub: string;
  /** The brushed band in pixels, or null. */
  band: readonly [number, number] | null;
  /** A drag along the axis, with the pointer's y in the chart. */
  onBrush: (phase: Phase, y: number) => void;
  /** A drag of the title, with the pointer's x in the chart. */
  onMove: (phase: Phase, x: number) => void;
}

/** One column's axis: its ticks, its brush and the title that drags it sideways. */
function ParallelAxis({ column: c, scale, x, yOf, sub, band, onBrush, onMove }: ParallelAxisProps) {
  return (
    <g className={cls("hp-axis")} data-column={c.id}>
      <line x1={x} x2={x} y1={yOf(1)} y2={yOf(0)} />
      <SideTicks ticks={scale.ticks.map((t) => ({ at: yOf(t.pos), label: t.label }))} x={x} mark={4} gap={7} />
      {band ? (
        <rect
          className={cls("hp-brush")}
          x={x - 9}
          width={18}
          y={Math.min(band[0], band[1])}
          height={Math.max(2, Math.abs(band[1] - band[0]))}
        />
      ) : null}
      <rect
        className={cls("hp-brush-target")}
        aria-label={`Brush ${c.label}`}
        x={x - 14}
        width={28}
        y={yOf(1) - 6}
        height={yOf(0) - yOf(1) + 12}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          onBrush("start", svgY(e));
        }}
        onPointerMove={(e) => onBrush("move", svgY(e))}
        onPointerUp={(e) => onBrush("end", svgY(e))}
      />
      <text
        className={cls("hp-axis-title", c.kind === "metric" && "hp-axis-metric")}
        x={x}
        y={TOP - 30}
        textAnchor="middle"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          onMove("start", svgX(e));
        }}
        onPointerMove={(e) => onMove("move", svgX(e))}
        onPointerUp={(e) => onMove("end", svgX(e))}
      >
        <title>{`${c.name}: drag sideways to move this axis`}</title>
        {shorten(c.label)}
      </text>
      <text className={cls("hp-axis-sub")} x={x} y={TOP - 16} textAnchor="middle">
        {sub}
      </text>
    </g>
  );
}

/** The pointer's place in the chart's <svg>, from an event on one of its elements. */
const svgBox = (e: React.PointerEvent) =>
  ((e.currentTarget as SVGGraphicsElement).ownerSVGElement ?? e.currentTarget).getBoundingClientRect();
const svgY = (e: React.PointerEvent) => e.clientY - svgBox(e).top;
const svgX = (e: React.PointerEvent) => e.clientX - svgBox(e).left;

interface HoverReadoutProps {
  hovered: Session | null;
  columns: Column[];
  stat: MetricStatistic;
  legend: ReactNode;
}

/** Under the chart: the hovered trial's values, else the colour legend and how to use the chart. */
function HoverReadout({ hovered, columns, stat, legend }: HoverReadoutProps) {
  return (
    <p className={cls("hp-hover")} aria-live="polite">
      {hovered ? (
        <>
          <strong>{hovered.run}</strong>
          {columns.map((c) => {
            const v = cellValue(hovered, c, stat);
            return (
              <span key={c.id}>
                {c.label} = {typeof v === "number" ? formatValue(v) : valueLabel(v)}
              </span>
            );
          })}
        </>
      ) : (
        <>
          {legend}
          <span>
            Drag along an axis to filter, click an axis to clear its filter, drag a title to move an axis. Click a
            line to open its scalars.
          </span>
        </>
      )}
    </p>
  );
}

function ColorLegend({ label, scale }: { label: string; scale: Scale }) {
  const ticks = scale.ticks;
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => colorAt(t)).join(", ");
  return (
    <span className={cls("hp-legend")}>
      colour = {label}
      <span>{ticks[0]?.label ?? "low"}</span>
      <span className={cls("hp-legend-bar")} style={{ background: `linear-gradient(90deg, ${stops})` }} />
      <span>{ticks[ticks.length - 1]?.label ?? "high"}</span>
    </span>
  );
}

function brushBand(scale: Scale, filter: ColumnFilter | undefined, yOf: (pos: number) => number): [number, number] | null {
  if (!filter) return null;
  if (filter.kind === "range") {
    if (filter.min === null && filter.max === null) return null;
    const lo = filter.min === null ? 0 : (scale.pos(filter.min) ?? 0);
    const hi = filter.max === null ? 1 : (scale.pos(filter.max) ?? 1);
    return [yOf(Math.max(0, Math.min(1, lo))), yOf(Math.max(0, Math.min(1, hi)))];
  }
  if (filter.kind === "values") {
    const ps = filter.values.map((k) => scale.posOfKey(k)).filter((p): p is number => p !== null);
    if (!ps.length) return null;
    return [yOf(Math.min(...ps)) + 8, yOf(Math.max(...ps)) - 8];
  }
  return null;
}

function shorten(label: string, max = 22): string {
  return label.length > max ? `…${label.slice(label.length - max + 1)}` : label;
}
