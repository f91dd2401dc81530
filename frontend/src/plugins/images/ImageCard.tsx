import { useRef, useState, type CSSProperties } from "react";

import { StepSlider } from "../../components/StepSlider";
import { useInView } from "../../hooks/useInView";
import { useStepIndex } from "../../hooks/useStepIndex";
import { blobUrl } from "../../lib/api";
import { cls } from "../../lib/names";
import { useImageStep, useImages } from "./useImages";

export interface ImageCardProps {
  run: string;
  tag: string;
  color: string;
  actualSize: boolean;
  filter: CSSProperties["filter"];
}

/**
 * One run's images of one tag. Nothing is fetched until the card is near the screen, and then only
 * the step list and the chosen step's images, so a tag with 10,000 steps costs a handful of requests.
 */
export function ImageCard({ run, tag, color, actualSize, filter }: ImageCardProps) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const list = useImages(run, tag, inView);
  const steps = list.data?.step ?? [];
  const [index, setIndex] = useStepIndex(steps);
  const blobs = list.data?.blobs[index] ?? [];
  const details = useImageStep(run, tag, inView && steps.length ? steps[index] : null);
  const [zoomed, setZoomed] = useState(false);
  const native = actualSize || zoomed;
  return (
    <article ref={ref} className={cls("img-card")} aria-label={`${tag} · ${run}`}>
      <header className={cls("img-card-head")}>
        <span className={cls("swatch")} style={{ background: color }} />
        <span className={cls("img-run")}>{run}</span>
        {details.data?.images[0] ? <ImageMeta {...details.data.images[0]} count={blobs.length} /> : null}
      </header>
      {list.isError ? (
        <p className={cls("error")}>{list.error.message}</p>
      ) : list.data && steps.length ? (
        <>
          <StepSlider
            steps={steps}
            wallTimes={list.data.wall_time}
            index={index}
            onChange={setIndex}
            label={`Step of ${tag} in ${run}`}
          />
          <div className={cls("img-grid", blobs.length > 1 && "img-grid-many")}>
            {inView
              ? blobs.map((id, k) => (
                  <button
                    key={id}
                    type="button"
                    className={cls("img-frame", native && "img-native")}
                    onClick={() => setZoomed(!zoomed)}
                    aria-label={zoomed ? "Fit image to card" : "Show image at actual size"}
                    title={zoomed ? "Click to fit" : "Click for actual size"}
                  >
                    <img
                      src={blobUrl(id)}
                      alt={`${tag} at step ${steps[index]}${blobs.length > 1 ? `, image ${k + 1}` : ""}`}
                      style={{ filter }}
                      decoding="async"
                      onLoad={(e) => {
                        // Blocky pixels when enlarging small images (they are data); smooth when shrinking.
                        const img = e.currentTarget;
                        img.classList.toggle(cls("img-upscaled"), img.naturalWidth < img.clientWidth);
                      }}
                    />
                  </button>
                ))
              : null}
          </div>
        </>
      ) : list.data ? (
        <p className={cls("muted")}>No images logged yet.</p>
      ) : (
        <div className={cls("img-placeholder")} />
      )}
    </article>
  );
}

function ImageMeta({ width, height, content_type, frames, count }: { width: number | null; height: number | null; content_type: string; frames: number; count: number }) {
  const kind = frames > 1 ? `video · ${frames} frames` : content_type.replace("image/", "").toUpperCase();
  return (
    <span className={cls("muted", "img-meta")}>
      {width && height ? `${width}×${height} ` : ""}
      {kind}
      {count > 1 ? ` · ${count} images` : ""}
    </span>
  );
}
