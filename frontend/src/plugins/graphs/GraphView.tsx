/** Draws a laid-out graph as SVG, with pan (drag), zoom (wheel, buttons) and fit-to-screen. */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from "react";

import { cls } from "../../lib/names";
import { BOX_PADDING, GROUP_HEADER, SUBTITLE_CHAR, TITLE_CHAR, type Box, type Layout } from "./layout";
import type { GraphModel } from "./model";
import { opCategory } from "./opCategory";

export interface GraphViewHandle {
  fit: (legible?: boolean) => void;
  zoomBy: (factor: number) => void;
  /** Where box `id` is on screen now, to keep it there across a re-layout (see `keepAt`). */
  screenPos: (id: string) => { x: number; y: number } | null;
  keepAt: (id: string, at: { x: number; y: number }) => void;
  centerOn: (id: string) => void;
  svg: () => SVGSVGElement | null;
}

export interface GraphViewProps {
  model: GraphModel;
  layout: Layout;
  selected: string | null;
  highlighted: ReadonlySet<string>;
  /** "Colour by": box id -> fill (colorBy.ts); boxes not in it keep the theme's fill. */
  fills: ReadonlyMap<string, string>;
  onSelect: (id: string | null) => void;
  onToggle: (id: string) => void;
}

interface Transform {
  k: number;
  x: number;
  y: number;
}

const MIN_ZOOM = 0.03;
const MAX_ZOOM = 4;
const FIT_MARGIN = 24;
const MIN_LEGIBLE_ZOOM = 0.7;
const PANEL_SPACE = 364; // the details panel's width and margins (graphs.css)
function clip(text: string, width: number, perChar = TITLE_CHAR): string {
  const max = Math.max(3, Math.floor((width - BOX_PADDING) / perChar));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const GraphView = forwardRef<GraphViewHandle, GraphViewProps>(function GraphView(
  { model, layout, selected, highlighted, fills, onSelect, onToggle },
  ref,
) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [t, setT] = useState<Transform>({ k: 1, x: 0, y: 0 });
  const tRef = useRef(t);
  tRef.current = t;
  const boxes = useRef(new Map<string, Box>());
  boxes.current = new Map(layout.boxes.map((b) => [b.id, b]));

  // `legible`: never shrink text below MIN_LEGIBLE_ZOOM; a taller graph starts at its top and pans.
  const fit = useCallback(
    (legible = false) => {
      const svg = svgRef.current;
      if (!svg) return;
      const { width, height } = svg.getBoundingClientRect();
      if (!width || !height || !layout.width) return;
      const kw = (width - 2 * FIT_MARGIN) / layout.width;
      const kh = (height - 2 * FIT_MARGIN) / layout.height;
      let k = Math.max(MIN_ZOOM, Math.min(1.25, kw, kh));
      if (legible && k < MIN_LEGIBLE_ZOOM) k = Math.min(MIN_LEGIBLE_ZOOM, Math.max(kw, MIN_ZOOM));
      const y = layout.height * k > height - 2 * FIT_MARGIN ? FIT_MARGIN : (height - layout.height * k) / 2;
      setT({ k, x: (width - layout.width * k) / 2, y });
    },
    [layout.width, layout.height],
  );

  const zoomAt = useCallback((factor: number, cx: number, cy: number) => {
    setT((old) => {
      const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, old.k * factor));
      const f = k / old.k;
      return { k, x: cx - (cx - old.x) * f, y: cy - (cy - old.y) * f };
    });
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      fit,
      zoomBy: (factor) => {
        const rect = svgRef.current?.getBoundingClientRect();
        if (rect) zoomAt(factor, rect.width / 2, rect.height / 2);
      },
      screenPos: (id) => {
        const b = boxes.current.get(id);
        const cur = tRef.current;
        return b ? { x: b.x * cur.k + cur.x, y: b.y * cur.k + cur.y } : null;
      },
      keepAt: (id, at) => {
        const b = boxes.current.get(id);
        if (b) setT((old) => ({ ...old, x: at.x - b.x * old.k, y: at.y - b.y * old.k }));
      },
      centerOn: (id) => {
        const b = boxes.current.get(id);
        const rect = svgRef.current?.getBoundingClientRect();
        if (!b || !rect) return;
        // Centre in the part of the view the details panel leaves free.
        const free = rect.width > 2 * PANEL_SPACE ? rect.width - PANEL_SPACE : rect.width;
        setT((old) => {
          const k = Math.max(old.k, 0.8);
          return { k, x: free / 2 - (b.x + b.width / 2) * k, y: rect.height / 2 - (b.y + b.height / 2) * k };
        });
      },
      svg: () => svgRef.current,
    }),
    [fit, zoomAt],
  );

  // Wheel zoom needs a non-passive listener to stop the page from scrolling.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = svg.getBoundingClientRect();
      zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    };
    svg.addEventListener("wheel", onWheel, { passive: false });
    return () => svg.removeEventListener("wheel", onWheel);
  }, [zoomAt]);

  const drag = useRef<{ x: number; y: number; tx: number; ty: number; moved: boolean } | null>(null);
  const onPointerDown = (event: React.PointerEvent) => {
    if (event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, tx: t.x, ty: t.y, moved: false };
  };
  const onPointerMove = (event: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) svgRef.current?.setPointerCapture(event.pointerId);
    d.moved = true;
    setT((old) => ({ ...old, x: d.tx + dx, y: d.ty + dy }));
  };
  const endDrag = () => {
    const moved = drag.current?.moved ?? false;
    drag.current = null;
    return moved;
  };
  const clickTarget = (event: React.MouseEvent): string | null => {
    let el = event.target as Element | null;
    while (el && el !== svgRef.current) {
      const id = el.getAttribute("data-id");
      if (id) return id;
      el = el.parentElement;
    }
    return null;
  };
  const onPointerUp = (event: React.PointerEvent) => {
    if (endDrag()) return;
    const id = clickTarget(event);
    if (!id) {
      onSelect(null);
      return;
    }
    const box = boxes.current.get(id);
    if (box && box.kind !== "leaf") {
      // A closed scope opens on click; an open one closes from its header only.
      const inHeader = (() => {
        const rect = svgRef.current!.getBoundingClientRect();
        const y = (event.clientY - rect.top - t.y) / t.k;
        return y - box.y <= GROUP_HEADER;
      })();
      if (box.kind === "closed" || inHeader) onToggle(id);
    }
    onSelect(id);
  };

  const groups = layout.boxes.filter((b) => b.kind === "open").sort((a, b) => a.depth - b.depth);
  const items = layout.boxes.filter((b) => b.kind !== "open");

  return (
    <svg
      ref={svgRef}
      className={cls("graph-svg")}
      role="img"
      aria-label="Model graph"
      data-testid="graph-canvas"
      data-layout-ms={Math.round(layout.ms)}
      data-leaves={model.leaves.size}
      data-closed={items.length - items.filter((b) => b.kind === "leaf").length}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={endDrag}
    >
      <defs>
        <marker id="tb-graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className={cls("graph-arrow")} />
        </marker>
      </defs>
      <g transform={`translate(${t.x},${t.y}) scale(${t.k})`} data-role="graph-root">
        {groups.map((b) => {
          const group = model.groups.get(b.id)!;
          return (
            <g key={b.id} data-id={b.id} data-kind="open" className={cls("graph-group", selected === b.id && "graph-selected")}>
              <rect x={b.x} y={b.y} width={b.width} height={b.height} rx={10} className={cls("graph-group-box")} />
              <rect x={b.x} y={b.y} width={b.width} height={GROUP_HEADER} rx={10} className={cls("graph-group-head")} />
              <text x={b.x + 12} y={b.y + 17} className={cls("graph-group-label")}>
                <tspan className={cls("graph-toggle")}>− </tspan>
                {clip(group.label, b.width - 16)}
                <title>{`${group.path} (${group.size} ops): click to collapse`}</title>
              </text>
            </g>
          );
        })}
        {layout.edges.map(({ edge, points, labelAt }) => (
          <g key={edge.id} className={cls("graph-edge", edge.control && "graph-edge-control")}>
            <path d={`M${points.map((p) => `${p.x},${p.y}`).join(" L")}`} markerEnd="url(#tb-graph-arrow)" />
            {labelAt ? (
              <text x={labelAt.x + labelAt.width / 2} y={labelAt.y + labelAt.height - 3} textAnchor="middle" className={cls("graph-edge-label")}>
                {edge.label}
              </text>
            ) : null}
          </g>
        ))}
        {items.map((b) => {
          const isLeaf = b.kind === "leaf";
          const leaf = isLeaf ? model.leaves.get(b.id)! : null;
          const group = isLeaf ? null : model.groups.get(b.id)!;
          const title = leaf ? leaf.title : group!.label;
          const subtitle = leaf ? leaf.subtitle : `${group!.size} ops`;
          const category = leaf ? opCategory(leaf.node.op) : "scope";
          return (
            <g
              key={b.id}
              data-id={b.id}
              data-kind={b.kind}
              data-name={leaf ? leaf.node.name : group!.path}
              className={cls(
                "graph-node",
                `graph-cat-${category}`,
                !isLeaf && "graph-closed",
                selected === b.id && "graph-selected",
                highlighted.has(b.id) && "graph-highlighted",
              )}
            >
              {!isLeaf ? <rect x={b.x + 4} y={b.y + 4} width={b.width} height={b.height - 4} rx={8} className={cls("graph-stack")} /> : null}
              <rect
                x={b.x}
                y={b.y}
                width={isLeaf ? b.width : b.width - 4}
                height={isLeaf ? b.height : b.height - 4}
                rx={8}
                className={cls("graph-box")}
                style={fills.has(b.id) ? { fill: fills.get(b.id) } : undefined}
                data-fill={fills.get(b.id)}
              />
              <rect x={b.x} y={b.y + 6} width={4} height={b.height - (isLeaf ? 12 : 16)} rx={2} className={cls("graph-stripe")} />
              <text x={b.x + 14} y={b.y + 17} className={cls("graph-title")}>
                {!isLeaf ? <tspan className={cls("graph-toggle")}>+ </tspan> : null}
                {clip(isLeaf ? title : `+ ${title}`, b.width).replace(/^\+ /, "")}
              </text>
              <text x={b.x + 14} y={b.y + 32} className={cls("graph-subtitle")}>
                {clip(subtitle, b.width, SUBTITLE_CHAR)}
              </text>
              <title>{leaf ? `${leaf.node.name}\n${leaf.node.op}` : `${group!.path}\n${group!.size} ops: click to expand`}</title>
            </g>
          );
        })}
      </g>
    </svg>
  );
});

/** Fits the view once per new graph (not on every expand, which keeps the clicked box in place). */
export function useFitOnChange(handle: React.RefObject<GraphViewHandle>, key: string, ready: boolean) {
  const fitted = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (ready && fitted.current !== key) {
      fitted.current = key;
      handle.current?.fit(true);
    }
  }, [handle, key, ready]);
}
