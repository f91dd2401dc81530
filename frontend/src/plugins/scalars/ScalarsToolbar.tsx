/** The Scalars toolbar: tag filter, smoothing, x axis, log scale and outlier clipping. */
import { XAxisToggle } from "../../components/XAxisToggle";
import { cls } from "../../lib/names";
import type { Filter } from "../../lib/regex";
import { SMOOTHING_MAX, clampSmoothing } from "../../lib/smoothing";
import type { ViewState } from "../../lib/urlState";

export interface ScalarsToolbarProps {
  view: ViewState;
  setView: (patch: Partial<ViewState>) => void;
  smoothing: number;
  tagFilter: Filter;
  shownTags: number;
  totalTags: number;
}

export function ScalarsToolbar({ view, setView, smoothing, tagFilter, shownTags, totalTags }: ScalarsToolbarProps) {
  return (
    <div className={cls("toolbar")}>
      <div className={cls("toolbar-filter")}>
        <input
          className={cls("input")}
          type="search"
          placeholder="Filter tags (regex)"
          aria-label="Filter tags (regex)"
          value={view.tagFilter}
          onChange={(e) => setView({ tagFilter: e.target.value })}
        />
        <span className={cls("muted")} data-testid="tag-count">
          {shownTags === totalTags ? `${totalTags} ${totalTags === 1 ? "tag" : "tags"}` : `${shownTags} of ${totalTags} tags`}
        </span>
        {tagFilter.error ? <p className={cls("hint-error")}>{tagFilter.error}</p> : null}
      </div>
      <label className={cls("control")}>
        <span>Smoothing</span>
        <input
          type="range"
          aria-label="Smoothing"
          min={0}
          max={SMOOTHING_MAX}
          step={0.001}
          value={smoothing}
          onChange={(e) => setView({ smoothing: clampSmoothing(Number(e.target.value)) })}
        />
        <input
          className={cls("input", "input-number")}
          type="number"
          aria-label="Smoothing value"
          min={0}
          max={SMOOTHING_MAX}
          step={0.01}
          value={Number(smoothing.toFixed(3))}
          onChange={(e) => setView({ smoothing: clampSmoothing(Number(e.target.value)) })}
        />
      </label>
      <XAxisToggle className={cls("control")} value={view.x} onChange={(x) => setView({ x })} />
      <label className={cls("control", "check")}>
        <input type="checkbox" checked={view.logY} onChange={(e) => setView({ logY: e.target.checked })} />
        <span>Log y</span>
      </label>
      <label className={cls("control", "check")} title="Scale the y axis to the 5th–95th percentile of the values">
        <input type="checkbox" checked={view.ignoreOutliers} onChange={(e) => setView({ ignoreOutliers: e.target.checked })} />
        <span>Ignore outliers</span>
      </label>
    </div>
  );
}
