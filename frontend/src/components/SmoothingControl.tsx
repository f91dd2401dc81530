/** The smoothing slider with its number box (Scalars toolbar, static report): both clamp to [0, SMOOTHING_MAX]. */
import { cls } from "../lib/names";
import { SMOOTHING_MAX, clampSmoothing } from "../lib/smoothing";

export interface SmoothingControlProps {
  value: number;
  onChange: (smoothing: number) => void;
}

export function SmoothingControl({ value, onChange }: SmoothingControlProps) {
  const set = (text: string) => onChange(clampSmoothing(Number(text)));
  return (
    <label className={cls("control")}>
      <span>Smoothing</span>
      <input type="range" aria-label="Smoothing" min={0} max={SMOOTHING_MAX} step={0.001} value={value} onChange={(e) => set(e.target.value)} />
      <input
        className={cls("input", "input-number")}
        type="number"
        aria-label="Smoothing value"
        min={0}
        max={SMOOTHING_MAX}
        step={0.01}
        value={Number(value.toFixed(3))}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );
}
