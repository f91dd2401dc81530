/** The Graphs dashboard: a run's model graph with collapsible scopes, search, a details panel and export. */
import { useEffect, useMemo, useRef, useState } from "react";

import { EmptyState } from "../../components/EmptyState";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useGraph } from "./calls/graph";
import { useGraphRuns } from "./calls/graphRuns";
import { GraphExplorer } from "./GraphExplorer";
import "./graphs.css";
import { warmUpLayout } from "./layout";
import { buildModel } from "./model";

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

export default GraphsDashboard;
