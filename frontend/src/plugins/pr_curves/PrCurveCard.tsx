import { useRef } from "react";

import { ChartCard } from "../../components/ChartCard";
import { StepSlider } from "../../components/StepSlider";
import { useInView } from "../../hooks/useInView";
import { cls } from "../../lib/names";
import { useStepIndex } from "../../hooks/useStepIndex";
import { PrCurveChart } from "./PrCurveChart";
import { usePrCurves, type PrCurvesResponse } from "./calls/prCurves";

export interface PrCurveCardProps {
  run: string;
  tag: string;
  color: string;
}

/** One run's PR curve of one tag at the chosen step (the newest until the user picks another). */
export function PrCurveCard({ run, tag, color }: PrCurveCardProps) {
  const ref = useRef<HTMLElement>(null);
  const query = usePrCurves(run, tag, useInView(ref));
  return (
    <ChartCard
      cardRef={ref}
      run={run}
      tag={tag}
      color={color}
      query={query}
      isEmpty={(data) => data.curves.length === 0}
      emptyText="No PR curves logged yet."
    >
      {(data) => <PrCurveSteps data={data} run={run} tag={tag} color={color} />}
    </ChartCard>
  );
}

function PrCurveSteps({ data, run, tag, color }: { data: PrCurvesResponse } & PrCurveCardProps) {
  const steps = data.curves.map((c) => c.step);
  const [index, setIndex] = useStepIndex(steps);
  const curve = data.curves[index];
  return (
    <>
      <StepSlider
        steps={steps}
        wallTimes={data.curves.map((c) => c.wall_time)}
        index={index}
        onChange={setIndex}
        label={`Step of ${tag} in ${run}`}
      />
      {curve.thresholds.length ? (
        <PrCurveChart curve={curve} color={color} label={`Precision-recall curve of ${tag} in ${run} at step ${curve.step}`} />
      ) : (
        <p className={cls("muted")}>Nothing was predicted positive at this step, at any threshold.</p>
      )}
    </>
  );
}
