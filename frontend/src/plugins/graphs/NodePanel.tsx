/** The side panel for the selected box: what it is, its attributes, and what flows in and out. */
import { cls } from "../../lib/names";
import type { GraphNode, NodeStats } from "./calls/graph";
import { formatBytes, formatMicros, shortDevice } from "./colorBy";
import { constantText, formatShape, type GraphModel, isAuxNode, isGroupId, leafId, outputShape } from "./model";

export interface NodePanelProps {
  model: GraphModel;
  id: string;
  /** The chosen session run's node stats, by node name; null when the run logged none. */
  stats: Record<string, NodeStats> | null;
  onSelect: (id: string) => void;
  onClose: () => void;
}

export function NodePanel({ model, id, stats, onSelect, onClose }: NodePanelProps) {
  return (
    <aside className={cls("graph-panel")} aria-label="Selected node" data-testid="graph-panel">
      <button type="button" className={cls("graph-panel-close")} aria-label="Close panel" onClick={onClose}>
        ×
      </button>
      {isGroupId(id) ? (
        <GroupDetails model={model} id={id} stats={stats} />
      ) : (
        <NodeDetails model={model} id={id} stats={stats} onSelect={onSelect} />
      )}
    </aside>
  );
}

function GroupDetails({ model, id, stats }: { model: GraphModel; id: string; stats: Record<string, NodeStats> | null }) {
  const group = model.groups.get(id);
  if (!group) return null;
  const ops = new Map<string, number>();
  let micros = 0;
  let bytes = 0;
  let measured = 0;
  const visit = (itemId: string) => {
    const child = model.groups.get(itemId);
    if (child) child.children.forEach(visit);
    const leaf = model.leaves.get(itemId);
    if (leaf) ops.set(leaf.node.op, (ops.get(leaf.node.op) ?? 0) + 1);
    const s = leaf ? stats?.[leaf.node.name] : undefined;
    if (s) {
      micros += s.compute_micros;
      bytes += s.memory_bytes;
      measured++;
    }
  };
  group.children.forEach(visit);
  const top = [...ops.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return (
    <>
      <h3 className={cls("graph-panel-title")}>{group.label}</h3>
      <p className={cls("graph-panel-name")}>{group.path}</p>
      <dl className={cls("graph-kv")}>
        <dt>Kind</dt>
        <dd>Scope with {group.size} ops</dd>
        {measured ? (
          <>
            <dt>Compute time</dt>
            <dd data-testid="graph-compute-time">
              {formatMicros(micros)} <span className={cls("muted")}>over {measured} measured ops</span>
            </dd>
            <dt>Memory</dt>
            <dd data-testid="graph-memory">{formatBytes(bytes)}</dd>
          </>
        ) : null}
      </dl>
      <h4>Ops inside</h4>
      <table className={cls("graph-table")}>
        <tbody>
          {top.map(([op, n]) => (
            <tr key={op}>
              <td>{op}</td>
              <td className={cls("graph-num")}>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface NodeDetailsProps {
  model: GraphModel;
  id: string;
  stats: Record<string, NodeStats> | null;
  onSelect: (id: string) => void;
}

function NodeDetails({ model, id, stats, onSelect }: NodeDetailsProps) {
  const leaf = model.leaves.get(id);
  if (!leaf) return null;
  const node = leaf.node;
  const measured = stats?.[node.name];
  const device = measured?.device || node.device;
  // The graph's own shapes first; a profiled step's output shapes fill in a graph that has none.
  const shapes = node.shapes && node.shapes.length ? node.shapes : measured?.outputs.length ? measured.outputs : null;
  const attrs = Object.entries(node.attrs);
  const consumers = model.consumers.get(node.name) ?? [];
  // Parameters and constants go in their own list, shown by value: a conv's stride reads "[1, 1]".
  const isParam = (name: string) => {
    const source = model.byName.get(name);
    return source !== undefined && isAuxNode(source) && !model.leaves.has(leafId(name));
  };
  const data = node.inputs.filter((i) => !isParam(i.name));
  const params = node.inputs.filter((i) => isParam(i.name));
  const link = (name: string) =>
    model.leaves.has(leafId(name)) ? (
      <button type="button" className={cls("graph-link")} onClick={() => onSelect(leafId(name))} title={name}>
        {name}
      </button>
    ) : (
      <span title={name}>{name}</span>
    );
  return (
    <>
      <h3 className={cls("graph-panel-title")}>{leaf.title}</h3>
      <p className={cls("graph-panel-name")}>{node.name}</p>
      <dl className={cls("graph-kv")}>
        <dt>Op</dt>
        <dd>
          <code>{node.op}</code>
        </dd>
        <dt>Device</dt>
        <dd title={device}>{device ? shortDevice(device) : <span className={cls("muted")}>not recorded</span>}</dd>
        <dt>Output</dt>
        <dd data-testid="graph-output-shapes">
          {shapes ? shapes.map((s, i) => <code key={i}>{formatShape(s)} </code>) : <span className={cls("muted")}>unknown shape</span>}
        </dd>
        {measured ? (
          <>
            <dt>Compute time</dt>
            <dd data-testid="graph-compute-time">{formatMicros(measured.compute_micros)}</dd>
            <dt>Memory</dt>
            <dd data-testid="graph-memory">
              {formatBytes(measured.memory_bytes)}
              {measured.peak_bytes > measured.memory_bytes ? (
                <span className={cls("muted")}> (peak {formatBytes(measured.peak_bytes)})</span>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {attrs.length ? (
        <>
          <h4>Attributes ({attrs.length})</h4>
          <table className={cls("graph-table")}>
            <tbody>
              {attrs.map(([key, value]) => (
                <tr key={key}>
                  <td>{key}</td>
                  <td>
                    <code className={cls("graph-attr")}>{value}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h4>Inputs ({data.length})</h4>
      <IoTable
        rows={data.map((input) => ({
          key: `${input.name}:${input.output}`,
          name: link(input.name),
          detail: input.control ? "control" : describe(model.byName.get(input.name), input.output),
        }))}
      />
      {params.length ? (
        <>
          <h4>Parameters and constants ({params.length})</h4>
          <IoTable
            rows={params.map((input, i) => ({
              key: `${input.name}:${i}`,
              name: <span title={input.name}>{constantText(model, input.name)}</span>,
              detail: model.byName.get(input.name)!.op.replace(/^.*::/, ""),
            }))}
          />
        </>
      ) : null}
      <h4>Outputs ({consumers.length})</h4>
      <IoTable
        rows={consumers.map((c) => ({
          key: `${c.name}:${c.output}`,
          name: link(c.name),
          detail: c.output < 0 ? "control" : formatShape(outputShape(node, c.output)),
        }))}
      />
    </>
  );
}

function describe(source: GraphNode | undefined, output: number): string {
  if (!source) return "not in graph";
  const shape = outputShape(source, output);
  if (shape) return formatShape(shape);
  // torch parameters carry no shape; their attribute says which one they are.
  return source.attrs.name ? `${source.op.replace(/^.*::/, "")} ${source.attrs.name}` : source.op.replace(/^.*::/, "");
}

function IoTable({ rows }: { rows: { key: string; name: React.ReactNode; detail: string }[] }) {
  if (!rows.length) return <p className={cls("muted")}>None</p>;
  return (
    <table className={cls("graph-table", "graph-io")}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td className={cls("graph-num")}>{r.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
