import { useState } from "react";

import { TagDashboard } from "../../components/TagDashboard";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { ImageCard } from "./ImageCard";
import "./images.css";

const DEFAULT_BRIGHTNESS = 1;
const DEFAULT_CONTRAST = 1;

/** Images per tag, one card per run with a slider over every logged step. */
export function ImagesDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  const [actualSize, setActualSize] = useState(false);
  const [brightness, setBrightness] = useState(DEFAULT_BRIGHTNESS);
  const [contrast, setContrast] = useState(DEFAULT_CONTRAST);
  const filter =
    brightness === DEFAULT_BRIGHTNESS && contrast === DEFAULT_CONTRAST
      ? undefined
      : `brightness(${brightness}) contrast(${contrast})`;
  return (
    <TagDashboard
      tagsOf="images"
      runs={runs}
      tagFilter={view.tagFilter}
      onTagFilterChange={(tagFilter) => setView({ tagFilter })}
      className={cls("img-dashboard")}
      controls={
        <>
          <label className={cls("img-control")}>
            <input type="checkbox" checked={actualSize} onChange={(e) => setActualSize(e.target.checked)} />
            Actual size
          </label>
          <label className={cls("img-control")}>
            Brightness
            <input type="range" min={0} max={2} step={0.01} value={brightness} onChange={(e) => setBrightness(Number(e.target.value))} />
            <output>{Math.round(brightness * 100)}%</output>
          </label>
          <label className={cls("img-control")}>
            Contrast
            <input type="range" min={0} max={5} step={0.01} value={contrast} onChange={(e) => setContrast(Number(e.target.value))} />
            <output>{Math.round(contrast * 100)}%</output>
          </label>
          <button
            type="button"
            className={cls("link")}
            disabled={brightness === DEFAULT_BRIGHTNESS && contrast === DEFAULT_CONTRAST}
            onClick={() => {
              setBrightness(DEFAULT_BRIGHTNESS);
              setContrast(DEFAULT_CONTRAST);
            }}
          >
            Reset
          </button>
        </>
      }
      renderCard={(run, tag) => <ImageCard run={run} tag={tag} color={colorOf(run)} actualSize={actualSize} filter={filter} />}
    />
  );
}
