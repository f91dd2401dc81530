/** The Scalars toolbar: tag filter, smoothing, x axis, log scale, outlier clipping and run grouping. */
import { SearchInput } from "../../components/SearchInput";
import { SmoothingControl } from "../../components/SmoothingControl";
import { XAxisToggle } from "../../components/XAxisToggle";
import { cls } from "../../lib/names";
import type { Filter } from "../../lib/regex";
import { GROUP_BANDS, GROUP_STATS, type GroupBand, type GroupStat, type ViewState } from "../../lib/urlState";

export interface ScalarsToolbarProps {
  view: ViewState;
  setView: (patch: Partial<ViewState>) => void;
  smoothing: number;
  tagFilter: Filter;
  shownTags: number;
  totalTags: number;
  /** Hyperparameters runs can be grouped by. */
  hparamNames: readonly string[];
}

const BAND_LABELS: Record<GroupBand, string> = { minmax: "min–max", std: "± std. dev.", sem: "± std. error", none: "no band" };

export function ScalarsToolbar({ view, setView, smoothing, tagFilter, shownTags, totalTags, hparamNames }: ScalarsToolbarProps) {
  const mode = view.groupBy.startsWith("re:") ? "re:" : view.groupBy;
  return (
    <div className={cls("toolbar")}>
      <div className={cls("toolbar-filter")}>
        <SearchInput label="Filter tags (regex)" value={view.tagFilter} onChange={(tagFilter) => setView({ tagFilter })} />
        <span className={cls("muted")} data-testid="tag-count">
          {shownTags === totalTags ? `${totalTags} ${totalTags === 1 ? "tag" : "tags"}` : `${shownTags} of ${totalTags} tags`}
        </span>
        {tagFilter.error ? <p className={cls("hint-error")}>{tagFilter.error}</p> : null}
      </div>
      <SmoothingControl value={smoothing} onChange={(smoothing) => setView({ smoothing })} />
      <XAxisToggle className={cls("control")} value={view.x} onChange={(x) => setView({ x })} />
      <label className={cls("control", "check")}>
        <input type="checkbox" checked={view.logY} onChange={(e) => setView({ logY: e.target.checked })} />
        <span>Log y</span>
      </label>
      <label className={cls("control", "check")} title="Scale the y axis to the 5th–95th percentile of the values">
        <input type="checkbox" checked={view.ignoreOutliers} onChange={(e) => setView({ ignoreOutliers: e.target.checked })} />
        <span>Ignore outliers</span>
      </label>
      <div className={cls("control")} role="group" aria-label="Group runs">
        <span>Group</span>
        <select className={cls("select")} aria-label="Group runs by" value={mode} onChange={(e) => setView({ groupBy: e.target.value === "re:" ? "re:(.*)/" : e.target.value })}>
          <option value="">None</option>
          <option value="prefix">Name prefix</option>
          <option value="re:">Regex capture</option>
          {hparamNames.map((h) => (
            <option key={h} value={`hp:${h}`}>
              {h}
            </option>
          ))}
        </select>
        {mode === "re:" ? (
          <input
            className={cls("input", "input-regex")}
            aria-label="Group regex"
            title="Runs whose name gives the same first capture group (or match) form one line"
            value={view.groupBy.slice(3)}
            onChange={(e) => setView({ groupBy: `re:${e.target.value}` })}
          />
        ) : null}
        {view.groupBy ? (
          <>
            <select className={cls("select")} aria-label="Group line" value={view.groupStat} onChange={(e) => setView({ groupStat: e.target.value as GroupStat })}>
              {GROUP_STATS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <select className={cls("select")} aria-label="Group band" value={view.groupBand} onChange={(e) => setView({ groupBand: e.target.value as GroupBand })}>
              {GROUP_BANDS.map((b) => (
                <option key={b} value={b}>
                  {BAND_LABELS[b]}
                </option>
              ))}
            </select>
          </>
        ) : null}
      </div>
    </div>
  );
}
