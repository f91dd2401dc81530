/**
 * A blob card's data (images, audio): once the card is near the screen, every step's blob ids, the
 * step the slider chose (useStepIndex) and that step's details.
 */
import type { BlobCall } from "../lib/calls/runSeries";
import { useStepIndex } from "./useStepIndex";

export function useBlobSteps<S>(call: BlobCall<S>, run: string, tag: string, inView: boolean) {
  const list = call.series.useSeries(run, tag, inView);
  const steps = list.data?.step ?? [];
  const [index, setIndex] = useStepIndex(steps);
  const details = call.step.useStep(run, tag, inView && steps.length ? steps[index] : null);
  return { list, steps, index, setIndex, blobs: list.data?.blobs[index] ?? [], details };
}
