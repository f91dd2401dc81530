import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { AudioCard } from "./AudioCard";
import "./audio.css";

/** Audio clips per tag, one card per run with a slider over every logged step. */
export function AudioDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  return (
    <TagDashboard
      tagsOf="audio"
      runs={runs}
      tagFilter={view.tagFilter}
      onTagFilterChange={(tagFilter) => setView({ tagFilter })}
      className={cls("audio-dashboard")}
      renderCard={(run, tag) => <AudioCard run={run} tag={tag} color={colorOf(run)} />}
    />
  );
}
