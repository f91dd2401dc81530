import { useRef } from "react";

import { ChartCard, type RunTagCardProps } from "../../components/ChartCard";
import { StepSlider } from "../../components/StepSlider";
import { useInView } from "../../hooks/useInView";
import { cls } from "../../lib/names";
import { useStepIndex } from "../../hooks/useStepIndex";
import { PrCurveChart } from "./PrCurveChart";
import { usePrCurves, type PrCurvesResponse } from "./calls/prCurves";

/** One run's PR curve of one tag at the chosen step (the newest until the user picks another). */
export function PrCurveCard(card: RunTagCardProps) {
  const ref = useRef<HTMLElement>(null);
  const query = usePrCurves(card.run, card.tag, useInView(ref));
  return (
    <ChartCard
      {...card}
      cardRef={ref}
      query={query}
      isEmpty={(data) => data.curves.length === 0}
      emptyText="No PR curves logged yet."
    >
      {(data) => <PrCurveSteps data={data} {...card} />}
    </ChartCard>
  );
}

function PrCurveSteps({ data, run, tag, color }: { data: PrCurvesResponse } & RunTagCardProps) {
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
