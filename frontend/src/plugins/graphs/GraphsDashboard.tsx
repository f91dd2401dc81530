/** The Graphs dashboard: a run's model graph with collapsible scopes, search, a details panel and export. */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";

import { EmptyState } from "../../components/EmptyState";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { SearchInput } from "../../components/SearchInput";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { type RunMetadata, useGraph } from "./calls/graph";
import { useGraphRuns } from "./calls/graphRuns";
import { COLOR_BY_LABELS, type ColorBy, colorNodes } from "./colorBy";
import { ColorLegend } from "./ColorLegend";
import { downloadGraphPng, downloadGraphSvg } from "./exportGraph";
import { GraphView, type GraphViewHandle, useFitOnChange } from "./GraphView";
import "./graphs.css";
import { layoutGraph, type Layout, warmUpLayout } from "./layout";
import { ancestors, buildModel, defaultExpanded, type GraphModel, isGroupId, searchNodes } from "./model";
import { NodePanel } from "./NodePanel";

const MAIN_GRAPH = "";

export function GraphsDashboard({ runs }: DashboardProps) {
  useEffect(warmUpLayout, []);
  const graphRuns = useGraphRuns();
  const available = useMemo(() => graphRuns.data?.runs ?? [], [graphRuns.data]);
  // Prefer runs checked in the run list, but never hide a graph because its run is unchecked.
  const choices = useMemo(() => {
    const checked = available.filter((r) => runs.includes(r.run));
    return checked.length ? checked : available;
  }, [available, runs]);
  const [picked, setPicked] = useState<string | null>(null);
  // The run list's checkboxes choose the graph: ticking a run that has one shows it (unticking the
  // shown run falls back to another ticked one, through `choices`).
  const before = useRef<string[] | null>(null);
  useEffect(() => {
    const previous = before.current;
    before.current = runs;
    if (!previous) return;
    const added = runs.filter((r) => !previous.includes(r) && available.some((a) => a.run === r));
    if (added.length) setPicked(added[added.length - 1]);
  }, [runs, available]);
  const current = choices.find((r) => r.run === picked) ?? choices[0] ?? null;
  const unchecked = current !== null && !runs.includes(current.run);

  if (graphRuns.isPending) return <EmptyState title="Loading graphs…" />;
  if (graphRuns.isError) return <EmptyState title="Could not list graphs">{graphRuns.error.message}</EmptyState>;
  if (!current) return <EmptyState title="No graph in these runs">Log one with writer.add_graph(model, example_input).</EmptyState>;
  return (
    <RunGraph
      key={`${current.run}\u0000${current.version}`}
      run={current.run}
      version={current.version}
      runChoices={choices.map((r) => r.run)}
      onPickRun={setPicked}
      note={unchecked ? "No ticked run has a graph: showing every run's. Tick a run in the list to see its graph." : null}
    />
  );
}

interface RunGraphProps {
  run: string;
  version: string;
  runChoices: string[];
  onPickRun: (run: string) => void;
  note: string | null;
}

function RunGraph({ run, version, runChoices, onPickRun, note }: RunGraphProps) {
  const graph = useGraph(run, version);
  const [fn, setFn] = useState(MAIN_GRAPH);
  const [showAux, setShowAux] = useState(false);
  const nodes = useMemo(() => {
    if (!graph.data) return null;
    if (fn === MAIN_GRAPH) return graph.data.nodes;
    return graph.data.functions.find((f) => f.name === fn)?.nodes ?? graph.data.nodes;
  }, [graph.data, fn]);
  const model = useMemo(() => (nodes ? buildModel(nodes, showAux) : null), [nodes, showAux]);

  const toolbar = (
    <div className={cls("graph-toolbar-row")}>
      <label className={cls("graph-field")}>
        Run
        <select className={cls("graph-select")} value={run} onChange={(e) => onPickRun(e.target.value)} aria-label="Run">
          {runChoices.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {graph.data && graph.data.functions.length ? (
        <label className={cls("graph-field")}>
          Graph
          <select className={cls("graph-select")} value={fn} onChange={(e) => setFn(e.target.value)} aria-label="Graph">
            <option value={MAIN_GRAPH}>Main graph</option>
            {graph.data.functions.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {note ? <span className={cls("muted", "graph-note")}>{note}</span> : null}
    </div>
  );

  if (graph.isError) return <EmptyState title="Could not load the graph">{graph.error.message}</EmptyState>;
  if (!model) return <EmptyState title="Loading the graph…" />;
  return (
    <ErrorBoundary what="The graph view">
      <GraphExplorer
        key={`${fn}\u0000${showAux}`}
        run={run}
        model={model}
        toolbar={toolbar}
        showAux={showAux}
        onShowAux={setShowAux}
        totalNodes={nodes?.length ?? 0}
        runMetadata={fn === MAIN_GRAPH ? (graph.data?.run_metadata ?? {}) : {}}
      />
    </ErrorBoundary>
  );
}

interface GraphExplorerProps {
  run: string;
  model: GraphModel;
  toolbar: React.ReactNode;
  showAux: boolean;
  onShowAux: (show: boolean) => void;
  totalNodes: number;
  /** The run's profiled steps by tag ("step1"), for the node stats and colour by time or memory. */
  runMetadata: Record<string, RunMetadata>;
}

function GraphExplorer({ run, model, toolbar, showAux, onShowAux, totalNodes, runMetadata }: GraphExplorerProps) {
  const view = useRef<GraphViewHandle>(null);
  const [expanded, setExpanded] = useState(() => defaultExpanded(model));
  const [layout, setLayout] = useState<Layout | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [showMatches, setShowMatches] = useState(false);
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

  useEffect(() => {
    let stale = false;
    layoutGraph(model, expanded).then(
      (result) => {
        if (!stale) {
          setLayout(result);
          setLayoutError(null);
        }
      },
      (error: Error) => !stale && setLayoutError(error.message),
    );
    return () => {
      stale = true;
    };
  }, [model, expanded]);

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

  const matches = useMemo(() => searchNodes(model, query, 8), [model, query]);
  const reveal = (id: string) => {
    const chain = ancestors(model, id);
    setShowMatches(false);
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
  const svg = () => view.current?.svg() ?? null;

  return (
    <div className={cls("graph-dashboard")}>
      <div className={cls("graph-toolbar")} role="toolbar" aria-label="Graph tools">
        {toolbar}
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
          <button type="button" onClick={expandAll}>
            Expand all
          </button>
          <button type="button" onClick={collapseAll}>
            Collapse all
          </button>
          <button type="button" disabled={!layout} onClick={() => svg() && layout && void downloadGraphPng(svg()!, layout, run)}>
            PNG
          </button>
          <button type="button" disabled={!layout} onClick={() => svg() && layout && downloadGraphSvg(svg()!, layout, run)}>
            SVG
          </button>
        </div>
        <div className={cls("graph-toolbar-row")}>
          {tags.length ? (
            <label className={cls("graph-field")} title="A profiled step logged with the graph (RunMetadata)">
              Session run
              <select className={cls("graph-select")} value={tag} onChange={(e) => setTag(e.target.value)} aria-label="Session run">
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
            <select className={cls("graph-select")} value={colorBy} onChange={(e) => setColorBy(e.target.value as ColorBy)} aria-label="Colour by">
              {(Object.keys(COLOR_BY_LABELS) as ColorBy[]).map((c) => (
                <option key={c} value={c} disabled={(c === "compute" || c === "memory") && !measured}>
                  {COLOR_BY_LABELS[c]}
                  {(c === "compute" || c === "memory") && !measured ? " (needs run metadata)" : ""}
                </option>
              ))}
            </select>
          </label>
          <ColorLegend legend={coloring.legend} />
        </div>
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

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export default GraphsDashboard;
