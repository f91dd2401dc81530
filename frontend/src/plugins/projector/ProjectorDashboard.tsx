import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";

import { EmptyState } from "../../components/EmptyState";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { spriteUrl, useEmbeddings, type EmbeddingEntry } from "./calls/embeddings";
import { useMetadata } from "./calls/metadata";
import { useNeighbors } from "./calls/neighbors";
import { usePca } from "./calls/pca";
import { tensorQuery } from "./calls/tensor";
import {
  categoryColor,
  columnKind,
  identity,
  normalize,
  permutation,
  pick,
  pointColors,
  reorder,
  sampleIndices,
  searchLabels,
} from "./model";
import type { ReduceMessage, ReduceRequest } from "./reduce.worker";
import { INTERACTIVE_FLOOR, Scatter, type SpriteAtlas } from "./Scatter";
import "./projector.css";

type Method = "pca" | "tsne" | "umap";
// The dense t-SNE keeps an N x N matrix: past this many points it runs on a sample.
export const TSNE_SAMPLE = 2500;
// UMAP (nearest-neighbour descent) copes with more.
export const UMAP_SAMPLE = 20000;

interface Layout {
  positions: Float32Array; // n x 3, normalized
  indices: Uint32Array; // embedding index of each drawn point
  identity: boolean; // indices[i] === i for every point
}

interface Run {
  method: Method;
  iteration: number;
  total: number;
  status: string;
  running: boolean;
}

function label(e: EmbeddingEntry): string {
  return e.step === null ? e.tag : `${e.tag} · step ${e.step}`;
}

const keyOf = (e: EmbeddingEntry) => `${e.run}\u0000${e.name}`;

/** Embeddings of the selected runs in 2D/3D: PCA at once, t-SNE and UMAP in a worker. */
export function ProjectorDashboard({ runs, colorOf, theme }: DashboardProps) {
  const listing = useEmbeddings();
  const available = useMemo(
    () => (listing.data?.embeddings ?? []).filter((e) => runs.includes(e.run)),
    [listing.data, runs],
  );
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const selected = available.find((e) => keyOf(e) === selectedKey) ?? available[0] ?? null;

  if (listing.isError) return <EmptyState title="Could not list embeddings">{String(listing.error.message)}</EmptyState>;
  if (!listing.data) return <p className={cls("muted")}>Loading…</p>;
  if (!selected)
    return <EmptyState title="No embeddings in the selected runs">Select a run with an embedding in the run list.</EmptyState>;
  return (
    <EmbeddingView
      key={keyOf(selected)}
      entry={selected}
      available={available}
      onSelect={setSelectedKey}
      color={colorOf(selected.run)}
      theme={theme}
    />
  );
}

interface ViewProps {
  entry: EmbeddingEntry;
  available: EmbeddingEntry[];
  onSelect: (key: string) => void;
  color: string;
  theme: "light" | "dark";
}

function EmbeddingView({ entry, available, onSelect, color, theme }: ViewProps) {
  const { run, name } = entry;
  const client = useQueryClient();
  const pca = usePca(run, name);
  const metadata = useMetadata(run, name, entry.has_metadata);
  const [dims, setDims] = useState<2 | 3>(3);
  const [method, setMethod] = useState<Method>("pca");
  const [colorBy, setColorBy] = useState<string>("");
  const [labelBy, setLabelBy] = useState<string>("");
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<number | null>(null);
  const [metric, setMetric] = useState<"cosine" | "euclidean">("cosine");
  const [showSprites, setShowSprites] = useState(Boolean(entry.sprite));
  const [reduced, setReduced] = useState<Layout | null>(null);
  const [job, setJob] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);

  const n = pca.data?.rows ?? 0;
  const columns = useMemo(() => metadata.data?.columns ?? [], [metadata.data]);
  const labelColumn = labelBy || columns[0] || "";
  const labels = useMemo(() => {
    const values = metadata.data?.values[columns.indexOf(labelColumn)];
    return values ?? Array.from({ length: n }, (_, i) => String(i));
  }, [metadata.data, columns, labelColumn, n]);
  const colorValues = colorBy ? (metadata.data?.values[columns.indexOf(colorBy)] ?? null) : null;

  const pcaLayout = useMemo<Layout | null>(() => {
    if (!pca.data) return null;
    const positions = normalize(pca.data.data, pca.data.rows, pca.data.cols, dims);
    if (pca.data.rows <= INTERACTIVE_FLOOR) return { positions, indices: identity(pca.data.rows), identity: true };
    // Drawn in a shuffled order, so the first points (drawn while dragging) are a sample.
    const indices = permutation(pca.data.rows);
    return { positions: reorder(positions, indices), indices, identity: false };
  }, [pca.data, dims]);
  const layout = method === "pca" ? pcaLayout : reduced;

  const matches = useMemo(() => searchLabels(labels, query), [labels, query]);
  const neighbors = useNeighbors(run, name, picked, metric, 20);

  const drawnColors = useMemo(() => {
    if (!layout) return new Float32Array();
    const all = pointColors(n, colorValues, color);
    return layout.identity ? all : reorder(all, layout.indices);
  }, [layout, n, colorValues, color]);

  const marks = useMemo(() => {
    if (!layout) return new Uint8Array();
    const byIndex = new Uint8Array(n);
    for (const i of matches) byIndex[i] = 1;
    for (const i of neighbors.data && picked !== null ? neighbors.data.neighbors : []) byIndex[i] = 2;
    if (picked !== null) byIndex[picked] = 3;
    return pick(byIndex, layout.indices, new Uint8Array(layout.indices.length));
  }, [layout, n, matches, neighbors.data, picked]);

  const sprite = useMemo<SpriteAtlas | null>(
    () => (entry.sprite && showSprites ? { url: spriteUrl(run, name), dim: entry.sprite.single_image_dim } : null),
    [entry.sprite, showSprites, run, name],
  );

  useEffect(() => () => worker.current?.terminate(), []);

  const stop = () => {
    worker.current?.terminate();
    worker.current = null;
    setJob((j) => (j ? { ...j, running: false, status: `stopped at iteration ${j.iteration}` } : j));
  };

  const start = async (m: Method, d: 2 | 3 = dims) => {
    stop();
    setMethod(m);
    setError(null);
    if (m === "pca") {
      setJob(null);
      return;
    }
    setReduced(null);
    setJob({ method: m, iteration: 0, total: 0, status: "fetching the vectors…", running: true });
    let tensor;
    try {
      tensor = await client.fetchQuery(tensorQuery(run, name));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setJob(null);
      return;
    }
    const cap = m === "tsne" ? TSNE_SAMPLE : UMAP_SAMPLE;
    const indices = sampleIndices(tensor.rows, cap);
    const data = new Float32Array(indices.length * tensor.cols);
    indices.forEach((idx, i) => data.set(tensor.data.subarray(idx * tensor.cols, (idx + 1) * tensor.cols), i * tensor.cols));
    const order = permutation(indices.length);
    const drawnIndices = pick(indices, order, new Uint32Array(indices.length));
    const w = new Worker(new URL("./reduce.worker.ts", import.meta.url), { type: "module" });
    worker.current = w;
    const sampled = indices.length < tensor.rows ? ` on a ${indices.length.toLocaleString()}-point sample` : "";
    w.onmessage = (event: MessageEvent<ReduceMessage>) => {
      const msg = event.data;
      if (msg.type === "status") setJob((j) => (j ? { ...j, status: msg.text + sampled } : j));
      else if (msg.type === "error") {
        setError(msg.message);
        setJob(null);
      } else {
        const positions = normalize(msg.positions, indices.length, d, d);
        // Drawn in a shuffled order too, so that the first points (drawn while dragging) are a sample.
        setReduced({ positions: reorder(positions, order), indices: drawnIndices, identity: false });
        const done = msg.type === "done";
        setJob({
          method: m,
          iteration: msg.iteration,
          total: msg.total,
          running: !done,
          status: `${done ? "done" : "iteration"} ${msg.iteration} of ${msg.total}${sampled}`,
        });
        if (done) {
          w.terminate();
          if (worker.current === w) worker.current = null;
        }
      }
    };
    const request: ReduceRequest = { method: m, data, n: indices.length, d: tensor.cols, dims: d };
    w.postMessage(request, [data.buffer]);
  };

  const changeDims = (d: 2 | 3) => {
    setDims(d);
    if (method !== "pca") void start(method, d);
  };

  const legend = useMemo(() => (colorValues ? columnKind(colorValues) : null), [colorValues]);
  const background = theme === "dark" ? "#111418" : "#ffffff";
  const pickedLabel = picked !== null ? labels[picked] : null;

  return (
    <div className={cls("projector")} data-testid="projector">
      <aside className={cls("projector-panel")}>
        <label className={cls("projector-field")}>
          <span>Embedding</span>
          <select
            aria-label="Embedding"
            value={keyOf(entry)}
            onChange={(e) => onSelect(e.target.value)}
          >
            {[...new Set(available.map((e) => e.run))].map((r) => (
              <optgroup key={r} label={r}>
                {available
                  .filter((e) => e.run === r)
                  .map((e) => (
                    <option key={keyOf(e)} value={keyOf(e)}>
                      {label(e)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <p className={cls("muted", "projector-shape")}>
          {pca.data ? `${pca.data.rows.toLocaleString()} points` : "loading…"}
          {entry.shape ? ` × ${entry.shape[1]} dimensions` : ""}
        </p>
        <div className={cls("projector-segment")} role="group" aria-label="Method">
          {(["pca", "tsne", "umap"] as const).map((m) => (
            <button key={m} type="button" aria-pressed={method === m} onClick={() => void start(m)}>
              {m === "pca" ? "PCA" : m === "tsne" ? "t-SNE" : "UMAP"}
            </button>
          ))}
        </div>
        <div className={cls("projector-segment")} role="group" aria-label="Dimensions">
          {([2, 3] as const).map((d) => (
            <button key={d} type="button" aria-pressed={dims === d} onClick={() => changeDims(d)}>
              {d}D
            </button>
          ))}
        </div>
        {method === "pca" && pca.data?.variance.length ? (
          <p className={cls("muted")}>
            variance explained:{" "}
            {pca.data.variance.slice(0, dims).map((v) => `${(v * 100).toFixed(1)}%`).join(", ")}
          </p>
        ) : null}
        {job ? (
          <div className={cls("projector-progress")} data-testid="projector-progress">
            <progress max={job.total || 1} value={job.iteration} />
            <span>{job.status}</span>
            {job.running ? (
              <button type="button" onClick={stop}>
                Stop
              </button>
            ) : null}
          </div>
        ) : null}
        {error ? <p className={cls("error")}>{error}</p> : null}
        {columns.length ? (
          <>
            <ColumnField label="Colour by" value={colorBy} columns={columns} onChange={setColorBy} none="run colour" />
            {columns.length > 1 ? <ColumnField label="Label by" value={labelColumn} columns={columns} onChange={setLabelBy} /> : null}
          </>
        ) : null}
        {legend ? <Legend kind={legend} /> : null}
        <label className={cls("projector-field")}>
          <span>Search labels</span>
          <input
            type="search"
            aria-label="Search labels"
            placeholder="text or /regex/"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        {query ? (
          <p className={cls("muted")} data-testid="projector-matches">
            {matches.length.toLocaleString()} match{matches.length === 1 ? "" : "es"}
          </p>
        ) : null}
        {entry.sprite ? (
          <label className={cls("projector-check")}>
            <input type="checkbox" checked={showSprites} onChange={(e) => setShowSprites(e.target.checked)} /> Show
            images
          </label>
        ) : null}
      </aside>
      <div className={cls("projector-stage")}>
        {layout ? (
          <Scatter
            positions={layout.positions}
            colors={drawnColors}
            indices={layout.indices}
            dims={dims}
            marks={marks}
            dimUnmarked={matches.length > 0 || picked !== null}
            sprite={sprite}
            background={background}
            onPick={(drawn) => setPicked(drawn === null ? null : layout.indices[drawn]!)}
          />
        ) : (
          <p className={cls("muted", "projector-wait")}>{pca.isError ? pca.error.message : "Loading…"}</p>
        )}
        <p className={cls("muted", "projector-hint")}>
          {dims === 3 ? "drag to rotate, right-drag to pan, scroll to zoom" : "drag to pan, scroll to zoom"}; click a
          point for its neighbours
        </p>
      </div>
      <aside className={cls("projector-panel", "projector-neighbors")} data-testid="projector-neighbors">
        {picked === null ? (
          <p className={cls("muted")}>Click a point to see its nearest neighbours.</p>
        ) : (
          <>
            <h3>
              {pickedLabel} <span className={cls("muted")}>#{picked}</span>
            </h3>
            <div className={cls("projector-segment")} role="group" aria-label="Distance">
              {(["cosine", "euclidean"] as const).map((m) => (
                <button key={m} type="button" aria-pressed={metric === m} onClick={() => setMetric(m)}>
                  {m}
                </button>
              ))}
            </div>
            {neighbors.isError ? <p className={cls("error")}>{neighbors.error.message}</p> : null}
            <ol className={cls("projector-neighbor-list")}>
              {(neighbors.data?.neighbors ?? []).map((idx, i) => (
                <li key={idx}>
                  <button type="button" onClick={() => setPicked(idx)}>
                    <span>{labels[idx]}</span>
                    <span className={cls("muted")}>{neighbors.data!.distances[i]!.toFixed(3)}</span>
                  </button>
                </li>
              ))}
            </ol>
            <button type="button" onClick={() => setPicked(null)}>
              Clear selection
            </button>
          </>
        )}
      </aside>
    </div>
  );
}

function Legend({ kind }: { kind: ReturnType<typeof columnKind> }) {
  if (kind.kind === "continuous")
    return (
      <div className={cls("projector-ramp")} data-testid="projector-legend">
        <span>{kind.min}</span>
        <i />
        <span>{kind.max}</span>
      </div>
    );
  return (
    <ul className={cls("projector-legend")} data-testid="projector-legend">
      {kind.categories.slice(0, 20).map((c) => (
        <li key={c}>
          <i style={{ background: categoryColor(kind, c) }} />
          {c || "(empty)"}
        </li>
      ))}
      {kind.categories.length > 20 ? <li className={cls("muted")}>+{kind.categories.length - 20} more in grey</li> : null}
    </ul>
  );
}

/** A metadata column to colour or label the points by; `none` names the choice of no column. */
function ColumnField(props: { label: string; value: string; columns: readonly string[]; onChange: (column: string) => void; none?: string }) {
  const { label, value, columns, onChange, none } = props;
  return (
    <label className={cls("projector-field")}>
      <span>{label}</span>
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {none !== undefined ? <option value="">{none}</option> : null}
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
