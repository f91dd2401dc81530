import { TagDashboard } from "../../components/TagDashboard";
import { XAxisToggle } from "../../components/XAxisToggle";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { DistributionCard } from "./DistributionCard";
import "./distributions.css";

/** The histograms' data as percentile bands over time, one card per run and tag. */
export function DistributionsDashboard(props: DashboardProps) {
  return (
    <TagDashboard
      // Distributions are served from the histograms' series: same tags, same data.
      tagsOf="histograms"
      {...props}
      className={cls("dist-dashboard")}
      controls={<XAxisToggle value={props.view.x} onChange={(x) => props.setView({ x })} className={cls("dist-x-axis")} />}
      renderCard={(card) => <DistributionCard {...card} x={props.view.x} />}
    />
  );
}
