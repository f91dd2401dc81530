/**
 * Several runs' histograms of one tag in one chart, each run's outline in its colour, at one step
 * chosen with a slider over every step any run logged, re-binned onto one grid so that their counts
 * compare. A count axis on the left; hovering reads out the runs with the most in the bin under
 * the pointer.
 */
import { type MouseEvent, useMemo, useState } from "react";

import { BottomAxis, SideAxis } from "../../charts/svg/Axes";
import { Readout } from "../../charts/svg/Readout";
import { linearScale, pointerIn } from "../../charts/svg/scale";
import { formatStep, formatValue } from "../../lib/format";
import { cls } from "../../lib/names";
import { binAt, evenEdges, rebin, ridgePath, rowAt } from "./model";
import type { HistogramsResponse } from "./calls/histograms";

export interface OverlaidRun {
  run: string;
  color: string;
  data: HistogramsResponse;
}

export interface RunsOverlayProps {
  tag: string;
  runs: OverlaidRun[];
  step: number;
}

const W = 440;
const H = 250;
const PAD = { left: 44, right: 12, top: 8, bottom: 24 };
/** The hovered bin's readout names this many runs, the ones with the largest counts. */
const READOUT_RUNS = 3;
/** The shared grid's bins: as many as each run's own (the server's default). */
const BINS = 30;

export function RunsOverlay({ tag, runs, step }: RunsOverlayProps) {
  const [hoverX, setHoverX] = useState<number | null>(null);
  // Each run is binned over its own range; one shared grid makes their counts comparable.
  const { shown, edges } = useMemo(() => {
    const withRows = runs.flatMap((r) => {
      const row = rowAt(r.data.histograms, step);
      return row && r.data.edges.length > 1 ? [{ ...r, row }] : [];
    });
    const lo = Math.min(...withRows.map((r) => r.data.edges[0]));
    const hi = Math.max(...withRows.map((r) => r.data.edges[r.data.edges.length - 1]));
    const edges = withRows.length ? evenEdges(lo, hi, BINS) : [];
    return { edges, shown: withRows.map((r) => ({ ...r, counts: rebin(r.data.edges, r.row.counts, edges) })) };
  }, [runs, step]);
  const lo = edges[0] ?? 0;
  const hi = edges[edges.length - 1] ?? 1;
  const maxCount = Math.max(1e-12, ...shown.flatMap((r) => r.counts));
  const x = linearScale(lo, hi, PAD.left, W - PAD.right);
  const y = linearScale(0, maxCount, H - PAD.bottom, PAD.top);
  const hoverBin = hoverX === null ? null : binAt(edges, hoverX);

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const v = x.invert(pointerIn(e, W, H).x);
    setHoverX(v >= lo && v <= hi ? v : null);
  };
  // The runs with the most in the hovered bin, largest first: a fixed-size readout, so the chart
  // under the pointer does not move when a dozen runs are overlaid.
  const ranked = hoverBin === null ? [] : [...shown].sort((a, b) => b.counts[hoverBin] - a.counts[hoverBin]);
  const readout =
    hoverBin === null
      ? null
      : ranked.slice(0, READOUT_RUNS).map((r) => (
          <span key={r.run} className={cls("hist-run-count")}>
            <span className={cls("swatch")} style={{ background: r.color }} />
            {r.run} <b>{formatValue(r.counts[hoverBin])}</b>
          </span>
        ));
  return (
    <div className={cls("chart-plot")}>
      <Readout lines={2} idle={`${shown.length} runs at step ${formatStep(step)} · hover for each run's count`}>
        {hoverBin === null ? null : (
          <>
            [{formatValue(edges[hoverBin])}, {formatValue(edges[hoverBin + 1])}) {readout}
            {ranked.length > READOUT_RUNS ? <span className={cls("muted")}> · {ranked.length - READOUT_RUNS} more</span> : null}
          </>
        )}
      </Readout>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Histograms of ${tag}, ${shown.length} runs overlaid`}
        onMouseMove={onMove}
        onMouseLeave={() => setHoverX(null)}
      >
        <SideAxis scale={y} ticks={y.ticks(4)} format={(c) => formatValue(c)} grid={[PAD.left, W - PAD.right]} x={PAD.left - 5} title="count" />
        {shown.map((r) => (
          <path
            key={r.run}
            data-run={r.run}
            d={ridgePath(edges, r.counts, x, y)}
            fill={r.color}
            fillOpacity={0.12}
            stroke={r.color}
            strokeWidth={1.5}
            strokeLinejoin="round"
          />
        ))}
        {hoverBin !== null ? (
          <rect
            x={x(edges[hoverBin])}
            y={PAD.top}
            width={Math.max(1, x(edges[hoverBin + 1]) - x(edges[hoverBin]))}
            height={H - PAD.top - PAD.bottom}
            fill="var(--tb-text)"
            fillOpacity={0.08}
            pointerEvents="none"
          />
        ) : null}
        <BottomAxis scale={x} ticks={x.ticks()} format={(v) => formatValue(v)} y={H - 6} />
      </svg>
    </div>
  );
}
