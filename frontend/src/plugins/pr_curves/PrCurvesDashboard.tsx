import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { PrCurveCard } from "./PrCurveCard";
import "./pr_curves.css";

/** PR curves per tag, one card per run, each with its own step slider. */
export function PrCurvesDashboard(props: DashboardProps) {
  return (
    <TagDashboard
      tagsOf="pr_curves"
      {...props}
      className={cls("pr-dashboard")}
      renderCard={(card) => <PrCurveCard {...card} />}
    />
  );
}
