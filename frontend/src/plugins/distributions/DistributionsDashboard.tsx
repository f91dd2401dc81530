import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { X_AXES } from "../../lib/urlState";
import { DistributionCard } from "./DistributionCard";
import "./distributions.css";

const AXIS_LABELS = { step: "Step", relative: "Relative", wall: "Wall" } as const;

/** The histograms' data as percentile bands over time, one card per run and tag. */
export function DistributionsDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  return (
    <TagDashboard
      // Distributions are served from the histograms' series: same tags, same data.
      tagsOf="histograms"
      runs={runs}
      tagFilter={view.tagFilter}
      onTagFilterChange={(tagFilter) => setView({ tagFilter })}
      className={cls("dist-dashboard")}
      controls={
        <div className={cls("segmented")} role="group" aria-label="Horizontal axis">
          {X_AXES.map((x) => (
            <button key={x} type="button" aria-pressed={view.x === x} onClick={() => setView({ x })}>
              {AXIS_LABELS[x]}
            </button>
          ))}
        </div>
      }
      renderCard={(run, tag) => <DistributionCard run={run} tag={tag} color={colorOf(run)} x={view.x} />}
    />
  );
}
