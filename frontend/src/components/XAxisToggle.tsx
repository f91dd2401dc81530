/** The Step / Relative / Wall switch that every time-series chart toolbar shows. */
import { cls } from "../lib/names";
import { X_AXES, type XAxis } from "../lib/urlState";

const X_LABELS: Record<XAxis, string> = { step: "Step", relative: "Relative", wall: "Wall" };

export interface XAxisToggleProps {
  value: XAxis;
  onChange: (x: XAxis) => void;
  /** The wrapper's class, so each toolbar keeps its own spacing. */
  className: string;
}

export function XAxisToggle({ value, onChange, className }: XAxisToggleProps) {
  return (
    <div className={className} role="group" aria-label="Horizontal axis">
      <span>X axis</span>
      <div className={cls("segmented")}>
        {X_AXES.map((x) => (
          <button key={x} type="button" aria-pressed={value === x} onClick={() => onChange(x)}>
            {X_LABELS[x]}
          </button>
        ))}
      </div>
    </div>
  );
}
