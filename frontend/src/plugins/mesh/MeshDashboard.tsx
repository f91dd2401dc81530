import { useMemo, useState } from "react";

import { EmptyState } from "../../components/EmptyState";
import { StepSlider } from "../../components/StepSlider";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useMeshData } from "./calls/meshData";
import { useMeshes } from "./calls/meshes";
import { useMeshSteps } from "./calls/meshSteps";
import { MeshView } from "./MeshView";
import "./mesh.css";

/** Every mesh name, a card per selected run side by side, each with its step slider. */
export function MeshDashboard({ runs, colorOf, theme }: DashboardProps) {
  const meshes = useMeshes();
  const byName = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const [run, names] of Object.entries(meshes.data?.runs ?? {})) {
      if (!runs.includes(run)) continue;
      for (const name of Object.keys(names)) out.set(name, [...(out.get(name) ?? []), run]);
    }
    return [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }, [meshes.data, runs]);
  if (meshes.isError) return <EmptyState title="Could not list meshes">{meshes.error.message}</EmptyState>;
  if (!meshes.data) return <p className={cls("muted")}>Loading…</p>;
  if (!byName.length) return <EmptyState title="No meshes in the selected runs">Select a run with a mesh.</EmptyState>;
  const background = theme === "dark" ? "#111418" : "#ffffff";
  return (
    <div className={cls("mesh-dashboard")}>
      {byName.map(([name, names]) => (
        <section key={name} className={cls("mesh-section")}>
          <h2>{name}</h2>
          <div className={cls("mesh-grid")}>
            {names.map((run) => (
              <MeshCard key={run} run={run} name={name} color={colorOf(run)} background={background} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

function MeshCard({ run, name, color, background }: { run: string; name: string; color: string; background: string }) {
  const steps = useMeshSteps(run, name);
  const list = steps.data?.steps ?? [];
  const [chosen, setChosen] = useState<number | null>(null);
  const index = chosen === null || chosen >= list.length ? list.length - 1 : chosen;
  const step = list[index];
  const data = useMeshData(run, name, step);
  const vertices = step?.components.VERTEX?.[1] ?? 0;
  const faces = step?.components.FACE?.[1] ?? 0;
  return (
    <article className={cls("mesh-card")} data-testid="mesh-card" style={{ borderTopColor: color }}>
      <header>
        <span className={cls("mesh-run")} style={{ color }}>
          {run}
        </span>
        <span className={cls("muted")}>
          {vertices.toLocaleString()} vertices{faces ? `, ${faces.toLocaleString()} faces` : " (point cloud)"}
        </span>
      </header>
      <div className={cls("mesh-stage")}>
        {data.data && step ? (
          <MeshView data={data.data} config={step.config} color={color} background={background} />
        ) : (
          <p className={cls("muted")}>{data.isError ? data.error.message : steps.isError ? steps.error.message : "Loading…"}</p>
        )}
      </div>
      {list.length ? (
        <StepSlider
          steps={list.map((s) => s.step)}
          wallTimes={list.map((s) => s.wall_time)}
          index={index}
          onChange={setChosen}
          label={`Step of ${name} in ${run}`}
        />
      ) : null}
    </article>
  );
}
