import { useState } from "react";

import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { HistogramCard } from "./HistogramCard";
import type { HistogramMode } from "./RidgePlot";
import "./histograms.css";

/** Histograms per tag, one card per run, as offset ridges (newest in front) or overlaid. */
export function HistogramsDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  const [mode, setMode] = useState<HistogramMode>("offset");
  return (
    <TagDashboard
      tagsOf="histograms"
      runs={runs}
      tagFilter={view.tagFilter}
      onTagFilterChange={(tagFilter) => setView({ tagFilter })}
      className={cls("hist-dashboard")}
      controls={
        <div className={cls("segmented")} role="group" aria-label="Histogram mode">
          {(["offset", "overlay"] as const).map((m) => (
            <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === "offset" ? "Offset" : "Overlay"}
            </button>
          ))}
        </div>
      }
      renderCard={(run, tag) => <HistogramCard run={run} tag={tag} color={colorOf(run)} mode={mode} />}
    />
  );
}
