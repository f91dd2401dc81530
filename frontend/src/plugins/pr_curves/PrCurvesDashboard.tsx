import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { PrCurveCard } from "./PrCurveCard";
import "./pr_curves.css";

/** PR curves per tag, one card per run, each with its own step slider. */
export function PrCurvesDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  return (
    <TagDashboard
      tagsOf="pr_curves"
      runs={runs}
      tagFilter={view.tagFilter}
      onTagFilterChange={(tagFilter) => setView({ tagFilter })}
      className={cls("pr-dashboard")}
      renderCard={(run, tag) => <PrCurveCard run={run} tag={tag} color={colorOf(run)} />}
    />
  );
}
