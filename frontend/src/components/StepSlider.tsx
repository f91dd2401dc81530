import { formatStep, formatWallTime } from "../lib/format";
import { cls } from "../lib/names";
import "./StepSlider.css";

export interface StepSliderProps {
  steps: readonly number[];
  wallTimes: readonly number[];
  index: number;
  onChange: (index: number) => void;
  label: string;
}

/** A slider over every logged step, with the chosen step and its time; arrow keys move one step. */
export function StepSlider({ steps, wallTimes, index, onChange, label }: StepSliderProps) {
  const n = steps.length;
  return (
    <div className={cls("step-slider")}>
      <div className={cls("step-slider-head")}>
        <span>
          step <b>{formatStep(steps[index])}</b>
          <span className={cls("muted")}>
            {" "}
            ({formatStep(index + 1)} of {formatStep(n)})
          </span>
        </span>
        <span className={cls("muted")}>{formatWallTime(wallTimes[index])}</span>
      </div>
      {n > 1 ? (
        <input
          type="range"
          min={0}
          max={n - 1}
          step={1}
          value={index}
          aria-label={label}
          aria-valuetext={`step ${steps[index]}`}
          onChange={(e) => onChange(Number(e.target.value))}
        />
      ) : null}
    </div>
  );
}
