import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { AudioCard } from "./AudioCard";
import "./audio.css";

/** Audio clips per tag, one card per run with a slider over every logged step. */
export function AudioDashboard(props: DashboardProps) {
  return (
    <TagDashboard
      tagsOf="audio"
      {...props}
      className={cls("audio-dashboard")}
      renderCard={(card) => <AudioCard {...card} />}
    />
  );
}
