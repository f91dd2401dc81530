/**
 * One graph on screen: its toolbar (search, view buttons, colouring), the laid-out graph with its
 * scopes opened and closed in place, the status line and the selected node's panel.
 */
import { type ReactNode, type RefObject, useLayoutEffect, useMemo, useRef, useState } from "react";

import { EmptyState } from "../../components/EmptyState";
import { SearchInput } from "../../components/SearchInput";
import { cls } from "../../lib/names";
import type { RunMetadata } from "./calls/graph";
import { COLOR_BY_LABELS, type ColorBy, colorNodes } from "./colorBy";
import { ColorLegend } from "./ColorLegend";
import { downloadGraphPng, downloadGraphSvg } from "./exportGraph";
import { GraphView, type GraphViewHandle, useFitOnChange } from "./GraphView";
import { ancestors, defaultExpanded, type GraphModel, isGroupId, searchNodes } from "./model";
import { NodePanel } from "./NodePanel";
import { useGraphLayout } from "./useGraphLayout";

interface GraphExplorerProps {
  run: string;
  model: GraphModel;
  toolbar: ReactNode;
  showAux: boolean;
  onShowAux: (show: boolean) => void;
  totalNodes: number;
  /** The run's profiled steps by tag ("step1"), for the node stats and colour by time or memory. */
  runMetadata: Record<string, RunMetadata>;
}

export function GraphExplorer({ run, model, toolbar, showAux, onShowAux, totalNodes, runMetadata }: GraphExplorerProps) {
  const view = useRef<GraphViewHandle>(null);
  const [expanded, setExpanded] = useState(() => defaultExpanded(model));
  const { layout, layoutError } = useGraphLayout(model, expanded);
  const [selected, setSelected] = useState<string | null>(null);
  const [found, setFound] = useState<string | null>(null);
  const anchor = useRef<{ id: string; at: { x: number; y: number } } | null>(null);
  const centerOn = useRef<string | null>(null);
  // Expand all and Collapse all change the whole picture: the next layout is fitted to the view.
  const refit = useRef(false);
  const tags = Object.keys(runMetadata).sort();
  const [tag, setTag] = useState(() => tags.find((t) => Object.keys(runMetadata[t].nodes).length) ?? tags[0] ?? "");
  const stats = runMetadata[tag]?.nodes ?? null;
  const measured = stats !== null && Object.keys(stats).length > 0;
  const [colorBy, setColorBy] = useState<ColorBy>("op");
  const coloring = useMemo(() => colorNodes(model, colorBy, stats), [model, colorBy, stats]);

  useFitOnChange(view, "first", layout !== null);
  useLayoutEffect(() => {
    if (!layout) return;
    if (refit.current) view.current?.fit(true);
    else if (anchor.current) view.current?.keepAt(anchor.current.id, anchor.current.at);
    if (centerOn.current) view.current?.centerOn(centerOn.current);
    anchor.current = null;
    centerOn.current = null;
    refit.current = false;
  }, [layout]);

  const toggle = (id: string) => {
    const at = view.current?.screenPos(id);
    if (at) anchor.current = { id, at };
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const reveal = (id: string) => {
    const chain = ancestors(model, id);
    setSelected(id);
    setFound(id);
    centerOn.current = id;
    if (chain.some((g) => !expanded.has(g))) setExpanded((old) => new Set([...old, ...chain]));
    else view.current?.centerOn(id);
  };
  const highlighted = useMemo(() => new Set(found ? [found] : []), [found]);

  const expandAll = () => {
    refit.current = true;
    setExpanded(new Set(model.groups.keys()));
  };
  const collapseAll = () => {
    refit.current = true;
    setExpanded(new Set());
  };

  return (
    <div className={cls("graph-dashboard")}>
      <div className={cls("graph-toolbar")} role="toolbar" aria-label="Graph tools">
        {toolbar}
        <NodeSearch model={model} found={found} onReveal={reveal} />
        <ViewButtons
          view={view}
          onExpandAll={expandAll}
          onCollapseAll={collapseAll}
          onDownload={
            layout
              ? (kind) => {
                  const svg = view.current?.svg();
                  if (!svg) return;
                  if (kind === "png") void downloadGraphPng(svg, layout, run);
                  else downloadGraphSvg(svg, layout, run);
                }
              : null
          }
        />
        <ColoringRow
          tags={tags}
          tag={tag}
          onTag={setTag}
          colorBy={colorBy}
          onColorBy={setColorBy}
          measured={measured}
          legend={<ColorLegend legend={coloring.legend} />}
        />
        <label className={cls("graph-check")}>
          <input type="checkbox" checked={showAux} onChange={(e) => onShowAux(e.target.checked)} />
          Show parameters and constants{!showAux && model.hiddenCount ? ` (${model.hiddenCount} hidden)` : ""}
        </label>
      </div>
      <div className={cls("graph-stage")}>
        {layoutError ? (
          <EmptyState title="The graph could not be laid out">{layoutError}</EmptyState>
        ) : layout ? (
          <GraphView
            ref={view}
            model={model}
            layout={layout}
            selected={selected}
            highlighted={highlighted}
            fills={coloring.fills}
            onSelect={(id) => {
              setSelected(id);
              if (id !== found) setFound(null);
            }}
            onToggle={toggle}
          />
        ) : (
          <EmptyState title="Laying out the graph…" />
        )}
        <p className={cls("graph-status")} data-testid="graph-status">
          {plural(totalNodes, "node")} · {plural(model.groups.size, "scope")}
          {layout ? ` · ${plural(layout.boxes.length, "box", "boxes")} laid out in ${Math.round(layout.ms)} ms` : ""}
          {" · "}click a scope to open it, drag to pan, scroll to zoom
        </p>
        {selected && (isGroupId(selected) ? model.groups.has(selected) : model.leaves.has(selected)) ? (
          <NodePanel model={model} id={selected} stats={stats} onSelect={(id) => reveal(id)} onClose={() => setSelected(null)} />
        ) : null}
      </div>
    </div>
  );
}

/** The node search: matches listed as the user types, Enter or a click reveals one. */
function NodeSearch({ model, found, onReveal }: { model: GraphModel; found: string | null; onReveal: (id: string) => void }) {
  const [query, setQuery] = useState("");
  const [showMatches, setShowMatches] = useState(false);
  const matches = useMemo(() => searchNodes(model, query, 8), [model, query]);
  const reveal = (id: string) => {
    setShowMatches(false);
    onReveal(id);
  };
  return (
    <div className={cls("graph-search")}>
      <SearchInput
        label="Search nodes"
        placeholder="Search nodes by name"
        value={query}
        onChange={(q) => {
          setQuery(q);
          setShowMatches(true);
        }}
        onFocus={() => setShowMatches(true)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && matches.length) reveal(matches[0]);
        }}
      />
      {!showMatches || !query ? null : matches.length ? (
        <ul className={cls("graph-matches")} role="listbox" aria-label="Matching nodes">
          {matches.map((id) => (
            <li key={id} role="option" aria-selected={found === id}>
              <button type="button" onClick={() => reveal(id)} title={model.leaves.get(id)!.node.name}>
                <strong>{model.leaves.get(id)!.title}</strong> <span>{model.leaves.get(id)!.node.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className={cls("graph-nomatch")}>No node matches “{query}”</p>
      )}
    </div>
  );
}

interface ViewButtonsProps {
  view: RefObject<GraphViewHandle>;
  onExpandAll: () => void;
  onCollapseAll: () => void;
  /** Downloads the picture; null until the graph is laid out. */
  onDownload: ((kind: "png" | "svg") => void) | null;
}

function ViewButtons({ view, onExpandAll, onCollapseAll, onDownload }: ViewButtonsProps) {
  return (
    <div className={cls("graph-buttons")}>
      <button type="button" onClick={() => view.current?.fit()}>
        Fit
      </button>
      <button type="button" aria-label="Zoom in" onClick={() => view.current?.zoomBy(1.25)}>
        +
      </button>
      <button type="button" aria-label="Zoom out" onClick={() => view.current?.zoomBy(0.8)}>
        −
      </button>
      <button type="button" onClick={onExpandAll}>
        Expand all
      </button>
      <button type="button" onClick={onCollapseAll}>
        Collapse all
      </button>
      <button type="button" disabled={!onDownload} onClick={() => onDownload?.("png")}>
        PNG
      </button>
      <button type="button" disabled={!onDownload} onClick={() => onDownload?.("svg")}>
        SVG
      </button>
    </div>
  );
}

interface ColoringRowProps {
  /** The run's profiled steps (RunMetadata tags), and the one whose stats are shown. */
  tags: string[];
  tag: string;
  onTag: (tag: string) => void;
  colorBy: ColorBy;
  onColorBy: (colorBy: ColorBy) => void;
  /** The chosen step measured some node: colour by compute time or memory is possible. */
  measured: boolean;
  legend: ReactNode;
}

/** The session run (a profiled step) whose stats are shown, what the nodes are coloured by, and the legend. */
function ColoringRow({ tags, tag, onTag, colorBy, onColorBy, measured, legend }: ColoringRowProps) {
  return (
    <div className={cls("graph-toolbar-row")}>
      {tags.length ? (
        <label className={cls("graph-field")} title="A profiled step logged with the graph (RunMetadata)">
          Session run
          <select className={cls("graph-select")} value={tag} onChange={(e) => onTag(e.target.value)} aria-label="Session run">
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className={cls("graph-field")}>
        Colour by
        <select className={cls("graph-select")} value={colorBy} onChange={(e) => onColorBy(e.target.value as ColorBy)} aria-label="Colour by">
          {(Object.keys(COLOR_BY_LABELS) as ColorBy[]).map((c) => (
            <option key={c} value={c} disabled={(c === "compute" || c === "memory") && !measured}>
              {COLOR_BY_LABELS[c]}
              {(c === "compute" || c === "memory") && !measured ? " (needs run metadata)" : ""}
            </option>
          ))}
        </select>
      </label>
      {legend}
    </div>
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

