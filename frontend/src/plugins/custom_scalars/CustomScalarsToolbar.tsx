/** Smoothing and x axis for every custom-scalars chart; they share the URL view with the Scalars tab. */
import { XAxisToggle } from "../../components/XAxisToggle";
import { cls } from "../../lib/names";
import { SMOOTHING_MAX, clampSmoothing } from "../../lib/smoothing";
import type { ViewState } from "../../lib/urlState";

export interface CustomScalarsToolbarProps {
  view: ViewState;
  setView: (patch: Partial<ViewState>) => void;
  smoothing: number;
}

export function CustomScalarsToolbar({ view, setView, smoothing }: CustomScalarsToolbarProps) {
  return (
    <div className={cls("cs-toolbar")}>
      <label className={cls("cs-control")} title="Smooths multiline charts; margin charts are drawn as logged">
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
        <span className={cls("cs-smoothing-value")}>{smoothing.toFixed(2)}</span>
      </label>
      <XAxisToggle className={cls("cs-control")} value={view.x} onChange={(x) => setView({ x })} />
    </div>
  );
}
