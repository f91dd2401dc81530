import { useRef } from "react";

import { StepSlider } from "../../components/StepSlider";
import { useInView } from "../../hooks/useInView";
import { useStepIndex } from "../../hooks/useStepIndex";
import { blobUrl } from "../../lib/api";
import { formatDuration } from "../../lib/format";
import { cls } from "../../lib/names";
import { useAudio, useAudioStep, type ClipInfo } from "./useAudio";

export interface AudioCardProps {
  run: string;
  tag: string;
  color: string;
}

/** One run's clips of one tag: a player per clip of the chosen step; audio loads only on play. */
export function AudioCard({ run, tag, color }: AudioCardProps) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const list = useAudio(run, tag, inView);
  const steps = list.data?.step ?? [];
  const [index, setIndex] = useStepIndex(steps);
  const details = useAudioStep(run, tag, inView && steps.length ? steps[index] : null);
  const blobs = list.data?.blobs[index] ?? [];
  const infoOf = new Map((details.data?.clips ?? []).map((c) => [c.blob_id, c]));
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
          {details.data?.label ? <p className={cls("audio-label")}>{details.data.label}</p> : null}
          {inView
            ? blobs.map((id) => (
                <div key={id} className={cls("audio-clip")}>
                  {/* preload="none": the clip's bytes are fetched when the user presses play. */}
                  <audio controls preload="none" src={blobUrl(id)} aria-label={`${tag} at step ${steps[index]}`} />
                  <ClipMeta info={infoOf.get(id)} />
                </div>
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

function ClipMeta({ info }: { info: ClipInfo | undefined }) {
  if (!info) return null;
  const parts = [];
  if (info.sample_rate) parts.push(`${(info.sample_rate / 1000).toLocaleString("en-US")} kHz`);
  if (info.channels) parts.push(info.channels === 1 ? "mono" : info.channels === 2 ? "stereo" : `${info.channels} channels`);
  if (info.bits_per_sample) parts.push(`${info.bits_per_sample}-bit`);
  if (info.duration !== null) parts.push(formatDuration(info.duration));
  parts.push(info.content_type);
  return <span className={cls("muted", "audio-meta")}>{parts.join(" · ")}</span>;
}
