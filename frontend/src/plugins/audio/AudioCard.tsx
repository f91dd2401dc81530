import { useRef } from "react";

import { Markdown } from "../../components/Markdown";
import { StepSlider } from "../../components/StepSlider";
import { useInView } from "../../hooks/useInView";
import { useStepIndex } from "../../hooks/useStepIndex";
import { blobUrl } from "../../lib/api";
import { cls } from "../../lib/names";
import { AudioClip } from "./AudioClip";
import { useAudio, useAudioStep } from "./calls/audio";

export interface AudioCardProps {
  run: string;
  tag: string;
  color: string;
}

/** One run's clips of one tag: a labelled player per clip of the chosen step, showing its length before play. */
export function AudioCard({ run, tag, color }: AudioCardProps) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const list = useAudio(run, tag, inView);
  const steps = list.data?.step ?? [];
  const [index, setIndex] = useStepIndex(steps);
  const details = useAudioStep(run, tag, inView && steps.length ? steps[index] : null);
  const blobs = list.data?.blobs[index] ?? [];
  // By position, not blob id: two identical clips of a step share an id but may carry different labels.
  const clips = details.data && details.data.step === steps[index] ? details.data.clips : [];
  const infoAt = (i: number, id: string) => (clips[i]?.blob_id === id ? clips[i] : undefined);
  return (
    <article ref={ref} className={cls("audio-card")} aria-label={`${tag} · ${run}`}>
      <header className={cls("audio-card-head")}>
        <span className={cls("swatch")} style={{ background: color }} />
        <span className={cls("audio-run")}>{run}</span>
      </header>
      {list.isError ? (
        <p className={cls("error")}>{list.error.message}</p>
      ) : list.data && steps.length ? (
        <>
          <StepSlider steps={steps} wallTimes={list.data.wall_time} index={index} onChange={setIndex} label={`Step of ${tag} in ${run}`} />
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
      ) : list.data ? (
        <p className={cls("muted")}>No audio logged yet.</p>
      ) : (
        <div className={cls("audio-placeholder")} />
      )}
    </article>
  );
}
