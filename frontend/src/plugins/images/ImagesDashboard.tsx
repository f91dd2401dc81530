import { useMemo, useState } from "react";

import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useTags } from "../../lib/queries";
import { makeFilter } from "../../lib/regex";
import { ImageCard } from "./ImageCard";
import "./images.css";

const DEFAULT_BRIGHTNESS = 1;
const DEFAULT_CONTRAST = 1;

/** Images per tag, one card per run with a slider over every logged step. */
export function ImagesDashboard({ runs, colorOf, view, setView }: DashboardProps) {
  const tags = useTags("images");
  const [actualSize, setActualSize] = useState(false);
  const [brightness, setBrightness] = useState(DEFAULT_BRIGHTNESS);
  const [contrast, setContrast] = useState(DEFAULT_CONTRAST);
  const sections = useMemo(() => {
    const { test } = makeFilter(view.tagFilter);
    const byTag = new Map<string, string[]>();
    for (const run of runs) {
      for (const tag of Object.keys(tags.data?.runs[run] ?? {})) {
        if (test(tag)) byTag.set(tag, [...(byTag.get(tag) ?? []), run]);
      }
    }
    return [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [tags.data, runs, view.tagFilter]);
  const filter =
    brightness === DEFAULT_BRIGHTNESS && contrast === DEFAULT_CONTRAST
      ? undefined
      : `brightness(${brightness}) contrast(${contrast})`;
  return (
    <div className={cls("img-dashboard")}>
      <div className={cls("img-toolbar")}>
        <input
          className={cls("input")}
          type="search"
          placeholder="Filter tags (regex)"
          aria-label="Filter tags"
          value={view.tagFilter}
          onChange={(e) => setView({ tagFilter: e.target.value })}
        />
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
      </div>
      {sections.map(([tag, tagRuns]) => (
        <section key={tag} aria-label={tag}>
          <h2 className={cls("img-tag")}>{tag}</h2>
          <div className={cls("img-cards")}>
            {tagRuns.map((run) => (
              <ImageCard key={run} run={run} tag={tag} color={colorOf(run)} actualSize={actualSize} filter={filter} />
            ))}
          </div>
        </section>
      ))}
      {tags.data && sections.length === 0 ? <p className={cls("muted")}>No tag matches the filter and the selected runs.</p> : null}
    </div>
  );
}
