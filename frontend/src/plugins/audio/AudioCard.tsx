import { useRef } from "react";

import { ChartCard, type RunTagCardProps } from "../../components/ChartCard";
import { Markdown } from "../../components/Markdown";
import { StepSlider } from "../../components/StepSlider";
import { useBlobSteps } from "../../hooks/useBlobSteps";
import { useInView } from "../../hooks/useInView";
import { blobUrl } from "../../lib/api";
import { cls } from "../../lib/names";
import { AudioClip } from "./AudioClip";
import { audioCalls } from "./calls/audio";

/** One run's clips of one tag: a labelled player per clip of the chosen step, showing its length before play. */
export function AudioCard(card: RunTagCardProps) {
  const { run, tag } = card;
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const { list, steps, index, setIndex, blobs, details } = useBlobSteps(audioCalls, run, tag, inView);
  // By position, not blob id: two identical clips of a step share an id but may carry different labels.
  const clips = details.data && details.data.step === steps[index] ? details.data.clips : [];
  const infoAt = (i: number, id: string) => (clips[i]?.blob_id === id ? clips[i] : undefined);
  return (
    <ChartCard
      {...card}
      cardRef={ref}
      query={list}
      isEmpty={(data) => data.step.length === 0}
      emptyText="No audio logged yet."
      kind="audio-card"
    >
      {(data) => (
        <>
          <StepSlider steps={steps} wallTimes={data.wall_time} index={index} onChange={setIndex} label={`Step of ${tag} in ${run}`} />
          {details.data?.description ? (
            <Markdown text={details.data.description} className={cls("muted", "audio-description")} />
          ) : null}
          {inView
            ? blobs.map((id, i) => (
                <AudioClip
                  key={`${i}:${id}`}
                  src={blobUrl(id)}
                  name={blobs.length > 1 ? `${tag} at step ${steps[index]}, clip ${i + 1}` : `${tag} at step ${steps[index]}`}
                  info={infoAt(i, id)}
                />
              ))
            : null}
        </>
      )}
    </ChartCard>
  );
}
