/** Smoothing and x axis for every custom-scalars chart; they share the URL view with the Scalars tab. */
import { cls } from "../../lib/names";
import { SMOOTHING_MAX, clampSmoothing } from "../../lib/smoothing";
import { X_AXES, type ViewState, type XAxis } from "../../lib/urlState";

const X_LABELS: Record<XAxis, string> = { step: "Step", relative: "Relative", wall: "Wall" };

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
      <div className={cls("cs-control")} role="group" aria-label="Horizontal axis">
        <span>X axis</span>
        <div className={cls("segmented")}>
          {X_AXES.map((x) => (
            <button key={x} type="button" aria-pressed={view.x === x} onClick={() => setView({ x })}>
              {X_LABELS[x]}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
