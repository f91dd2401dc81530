import { TagDashboard } from "../../components/TagDashboard";
import { XAxisToggle } from "../../components/XAxisToggle";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { DistributionCard } from "./DistributionCard";
import "./distributions.css";

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
      controls={<XAxisToggle value={view.x} onChange={(x) => setView({ x })} className={cls("dist-x-axis")} />}
      renderCard={(run, tag) => <DistributionCard run={run} tag={tag} color={colorOf(run)} x={view.x} />}
    />
  );
}
