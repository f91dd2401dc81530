import { useState } from "react";

import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { TextCard } from "./TextCard";
import "./text.css";

/** Text per tag, one card per run, rendered as sanitised Markdown or shown raw. */
export function TextDashboard(props: DashboardProps) {
  const [markdown, setMarkdown] = useState(true);
  return (
    <TagDashboard
      tagsOf="text"
      {...props}
      className={cls("text-dashboard")}
      controls={
        <label className={cls("text-control")}>
          <input type="checkbox" checked={markdown} onChange={(e) => setMarkdown(e.target.checked)} />
          Render Markdown
        </label>
      }
      renderCard={(card) => <TextCard {...card} markdown={markdown} />}
    />
  );
}
