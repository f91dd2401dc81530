import { useState } from "react";

import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { NO_ADJUST } from "./adjust";
import { ImageAdjustments } from "./ImageAdjustments";
import { ImageCard } from "./ImageCard";
import "./images.css";

/** Images per tag, one card per run with a slider over every logged step; a click opens the full view. */
export function ImagesDashboard(props: DashboardProps) {
  const [actualSize, setActualSize] = useState(false);
  const [adjust, setAdjust] = useState(NO_ADJUST);
  return (
    <TagDashboard
      tagsOf="images"
      {...props}
      className={cls("img-dashboard")}
      controls={
        <>
          <label className={cls("img-control")}>
            <input type="checkbox" checked={actualSize} onChange={(e) => setActualSize(e.target.checked)} />
            Actual size
          </label>
          <ImageAdjustments value={adjust} onChange={setAdjust} />
        </>
      }
      renderCard={(card) => (
        <ImageCard {...card} actualSize={actualSize} adjust={adjust} onAdjust={setAdjust} />
      )}
    />
  );
}
