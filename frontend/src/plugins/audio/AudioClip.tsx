import { Markdown } from "../../components/Markdown";
import { formatDuration } from "../../lib/format";
import { cls } from "../../lib/names";
import type { ClipInfo } from "./calls/audio";

export interface AudioClipProps {
  src: string;
  /** The player's accessible name, e.g. "speech at step 3". */
  name: string;
  /** The clip's details from /api/audio/step; undefined while they load. */
  info: ClipInfo | undefined;
}

/** One clip: its logged Markdown label, a player that shows its length before play, and its format. */
export function AudioClip({ src, name, info }: AudioClipProps) {
  return (
    <figure className={cls("audio-clip")}>
      {info?.label ? (
        <figcaption>
          <Markdown text={info.label} className={cls("audio-label")} />
        </figcaption>
      ) : null}
      {/* preload="metadata": the player shows the clip's length before it is played (cards render
          their clips only while in view, and blobs are cached for good, so this costs one fetch). */}
      <audio controls preload="metadata" src={src} aria-label={name} />
      <ClipMeta info={info} />
    </figure>
  );
}

/** "44.1 kHz · stereo · 16-bit · 2s · audio/wav"; the sample rate leads, it is what people check. */
export function describeClip(info: ClipInfo): string {
  const parts = [];
  if (info.sample_rate) parts.push(`${(info.sample_rate / 1000).toLocaleString("en-US")} kHz`);
  if (info.channels) parts.push(info.channels === 1 ? "mono" : info.channels === 2 ? "stereo" : `${info.channels} channels`);
  if (info.bits_per_sample) parts.push(`${info.bits_per_sample}-bit`);
  if (info.duration !== null) parts.push(formatDuration(info.duration));
  parts.push(info.content_type);
  return parts.join(" · ");
}

function ClipMeta({ info }: { info: ClipInfo | undefined }) {
  if (!info) return null;
  const title = info.sample_rate ? `Sample rate ${info.sample_rate.toLocaleString("en-US")} Hz` : undefined;
  return (
    <span className={cls("muted", "audio-meta")} title={title}>
      {describeClip(info)}
    </span>
  );
}
