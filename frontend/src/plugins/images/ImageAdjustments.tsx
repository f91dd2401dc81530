import { cls } from "../../lib/names";
import { type Adjust, NO_ADJUST, isNeutral } from "./adjust";

export interface ImageAdjustmentsProps {
  value: Adjust;
  onChange: (value: Adjust) => void;
}

/** Brightness and contrast sliders with a reset: in the toolbar, and again in the full-size view. */
export function ImageAdjustments({ value, onChange }: ImageAdjustmentsProps) {
  return (
    <>
      <label className={cls("img-control")}>
        Brightness
        <input
          type="range"
          min={0}
          max={2}
          step={0.01}
          value={value.brightness}
          onChange={(e) => onChange({ ...value, brightness: Number(e.target.value) })}
        />
        <output>{Math.round(value.brightness * 100)}%</output>
      </label>
      <label className={cls("img-control")}>
        Contrast
        <input
          type="range"
          min={0}
          max={5}
          step={0.01}
          value={value.contrast}
          onChange={(e) => onChange({ ...value, contrast: Number(e.target.value) })}
        />
        <output>{Math.round(value.contrast * 100)}%</output>
      </label>
      <button type="button" className={cls("link")} disabled={isNeutral(value)} onClick={() => onChange(NO_ADJUST)}>
        Reset
      </button>
    </>
  );
}
