import { useState } from "react";

import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { HistogramCard } from "./HistogramCard";
import type { HistogramMode } from "./RidgePlot";
import { RunsOverlayCard } from "./RunsOverlayCard";
import "./histograms.css";

const MODES: Array<[HistogramMode, string, string]> = [
  ["offset", "Offset", "One card per run: steps as ridges, newest in front"],
  ["overlay", "Overlay", "One card per run: every step on one baseline"],
  ["runs", "Runs", "One card per tag: the runs overlaid at one step"],
];

/** Histograms per tag: one card per run (offset ridges or overlaid steps), or the runs overlaid. */
export function HistogramsDashboard(props: DashboardProps) {
  const [mode, setMode] = useState<HistogramMode>("offset");
  return (
    <TagDashboard
      tagsOf="histograms"
      {...props}
      className={cls("hist-dashboard")}
      controls={
        <div className={cls("segmented")} role="group" aria-label="Histogram mode">
          {MODES.map(([m, label, title]) => (
            <button key={m} type="button" aria-pressed={mode === m} title={title} onClick={() => setMode(m)}>
              {label}
            </button>
          ))}
        </div>
      }
      renderCard={(card) => (mode === "runs" ? null : <HistogramCard {...card} mode={mode} />)}
      renderTagCard={mode === "runs" ? (tag, tagRuns) => <RunsOverlayCard tag={tag} runs={tagRuns} colorOf={props.colorOf} /> : undefined}
    />
  );
}
