import { useRef, useState } from "react";

import { ChartCard, type RunTagCardProps } from "../../components/ChartCard";
import { StepSlider } from "../../components/StepSlider";
import { useBlobSteps } from "../../hooks/useBlobSteps";
import { useInView } from "../../hooks/useInView";
import { blobUrl } from "../../lib/api";
import { cls } from "../../lib/names";
import { type Adjust, cssFilter } from "./adjust";
import { ImageViewer } from "./ImageViewer";
import { imageCalls } from "./calls/images";

export interface ImageCardProps extends RunTagCardProps {
  actualSize: boolean;
  adjust: Adjust;
  onAdjust: (adjust: Adjust) => void;
}

/**
 * One run's images of one tag. Nothing is fetched until the card is near the screen, and then only
 * the step list and the chosen step's images, so a tag with 10,000 steps costs a handful of requests.
 */
export function ImageCard({ actualSize, adjust, onAdjust, ...card }: ImageCardProps) {
  const { run, tag } = card;
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const { list, steps, index, setIndex, blobs, details } = useBlobSteps(imageCalls, run, tag, inView);
  // The image open in the full-size view, by its position in the step; null when it is closed.
  const [viewing, setViewing] = useState<number | null>(null);
  const filter = cssFilter(adjust);
  return (
    <ChartCard
      {...card}
      cardRef={ref}
      query={list}
      isEmpty={(data) => data.step.length === 0}
      emptyText="No images logged yet."
      kind="img-card"
      head={details.data?.images[0] ? <ImageMeta {...details.data.images[0]} count={blobs.length} /> : null}
    >
      {(data) => (
        <>
          <StepSlider
            steps={steps}
            wallTimes={data.wall_time}
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
                    className={cls("img-frame", actualSize && "img-native")}
                    onClick={() => setViewing(k)}
                    aria-label={`Open ${tag} at step ${steps[index]}${blobs.length > 1 ? `, image ${k + 1}` : ""} full size`}
                    title="Click for the full-size view"
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
          {viewing !== null && blobs.length ? (
            <ImageViewer
              title={`${tag} · ${run}`}
              steps={steps}
              wallTimes={data.wall_time}
              index={index}
              onIndex={setIndex}
              blobs={blobs}
              image={viewing}
              onImage={setViewing}
              adjust={adjust}
              onAdjust={onAdjust}
              onClose={() => setViewing(null)}
            />
          ) : null}
        </>
      )}
    </ChartCard>
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
