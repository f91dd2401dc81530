import { useQueries } from "@tanstack/react-query";
import { useRef } from "react";

import { StepSlider } from "../../components/StepSlider";
import { useInView } from "../../hooks/useInView";
import { useStepIndex } from "../../hooks/useStepIndex";
import { cls } from "../../lib/names";
import { unionSteps } from "./model";
import { RunsOverlay } from "./RunsOverlay";
import { histogramsQuery } from "./calls/histograms";

/** More outlines than this in one chart are a tangle: the card overlays the first ones and says so. */
export const MAX_OVERLAID_RUNS = 12;

export interface RunsOverlayCardProps {
  tag: string;
  runs: string[];
  colorOf: (run: string) => string;
}

/** One card per tag in "Runs" mode: the selected runs overlaid at one step, with a step slider. */
export function RunsOverlayCard({ tag, runs, colorOf }: RunsOverlayCardProps) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const overlaid = runs.slice(0, MAX_OVERLAID_RUNS);
  const queries = useQueries({ queries: overlaid.map((run) => ({ ...histogramsQuery(run, tag), enabled: inView })) });
  const loaded = queries.flatMap((q) => (q.data ? [q.data] : []));
  const { steps, wallTimes } = unionSteps(loaded); // a few thousand numbers at most: cheap per render
  const [index, setIndex] = useStepIndex(steps);
  const error = queries.find((q) => q.isError)?.error;
  return (
    <article ref={ref} className={cls("chart-card", "hist-runs-card")} aria-label={`${tag} · ${runs.length} runs`}>
      <header className={cls("chart-card-head", "hist-legend")}>
        {overlaid.map((run) => (
          <span key={run} className={cls("hist-legend-item")}>
            <span className={cls("swatch")} style={{ background: colorOf(run) }} />
            {run}
          </span>
        ))}
        {runs.length > overlaid.length ? (
          <span className={cls("muted")}>
            first {overlaid.length} of {runs.length} runs; filter the runs to choose others
          </span>
        ) : null}
      </header>
      {error ? (
        <p className={cls("error")}>{error.message}</p>
      ) : loaded.length && steps.length ? (
        <>
          <StepSlider steps={steps} wallTimes={wallTimes} index={index} onChange={setIndex} label={`Step of ${tag}`} />
          <RunsOverlay
            tag={tag}
            step={steps[index]}
            runs={loaded.map((data) => ({ run: data.run, color: colorOf(data.run), data }))}
          />
        </>
      ) : queries.every((q) => q.data) ? (
        <p className={cls("muted")}>No histograms logged yet.</p>
      ) : (
        <div className={cls("chart-placeholder")} />
      )}
    </article>
  );
}
