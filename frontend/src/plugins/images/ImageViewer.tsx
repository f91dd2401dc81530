/**
 * The full-size view of one image: a modal over the page with the card's step slider, brightness
 * and contrast, and the image as large as fits (enlarged by whole pixels, with sharp pixels, when it
 * is small). Esc, the close button or a click beside the image closes it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from "react";

import { StepSlider } from "../../components/StepSlider";
import { blobUrl } from "../../lib/api";
import { cls } from "../../lib/names";
import { type Adjust, cssFilter, fitScale } from "./adjust";
import { ImageAdjustments } from "./ImageAdjustments";

export interface ImageViewerProps {
  title: string;
  steps: readonly number[];
  wallTimes: readonly number[];
  index: number;
  onIndex: (index: number) => void;
  /** The chosen step's image ids, and which of them to show. */
  blobs: readonly string[];
  image: number;
  onImage: (image: number) => void;
  adjust: Adjust;
  onAdjust: (adjust: Adjust) => void;
  onClose: () => void;
}

export function ImageViewer(props: ImageViewerProps) {
  const { steps, index, blobs, adjust } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ w: 0, h: 0 });
  const [natural, setNatural] = useState({ w: 0, h: 0 });
  const [actual, setActual] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) return;
    const measure = () => setBox({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const k = Math.min(props.image, blobs.length - 1);
  const id = blobs[k];
  const scale = actual ? 1 : fitScale(natural.w, natural.h, box.w - 2, box.h - 2);
  const size = natural.w ? { width: natural.w * scale, height: natural.h * scale } : undefined;
  const alt = `${props.title} at step ${steps[index]}${blobs.length > 1 ? `, image ${k + 1}` : ""}, full size`;
  return (
    <dialog
      ref={dialog}
      className={cls("img-viewer")}
      aria-label={`${props.title}, full size`}
      onClose={props.onClose}
      onClick={(e) => {
        // A click on the backdrop or the empty stage closes; a click on the image or controls does not.
        if (e.target === e.currentTarget || e.target === stage.current) dialog.current?.close();
      }}
    >
      <header className={cls("img-viewer-head")}>
        <h2>{props.title}</h2>
        <span className={cls("muted")}>
          {natural.w ? `${natural.w}×${natural.h} · ${formatScale(scale)}` : ""}
          {blobs.length > 1 ? ` · image ${k + 1} of ${blobs.length}` : ""}
        </span>
        <span className={cls("spacer")} />
        {blobs.length > 1 ? (
          <>
            <button type="button" disabled={k === 0} onClick={() => props.onImage(k - 1)}>
              Previous image
            </button>
            <button type="button" disabled={k === blobs.length - 1} onClick={() => props.onImage(k + 1)}>
              Next image
            </button>
          </>
        ) : null}
        <label className={cls("img-control")}>
          <input type="checkbox" checked={actual} onChange={(e) => setActual(e.target.checked)} />
          Actual size
        </label>
        <button type="button" className={cls("img-viewer-close")} onClick={() => dialog.current?.close()} aria-label="Close">
          ×
        </button>
      </header>
      <div className={cls("img-viewer-controls")}>
        <div className={cls("img-viewer-slider")}>
          <StepSlider steps={steps} wallTimes={props.wallTimes} index={index} onChange={props.onIndex} label={`Step of ${props.title}`} />
        </div>
        <ImageAdjustments value={adjust} onChange={props.onAdjust} />
      </div>
      <div ref={stage} className={cls("img-viewer-stage", actual && "img-viewer-actual")}>
        {id ? (
          <img
            src={blobUrl(id)}
            alt={alt}
            className={cls(scale > 1 && "img-upscaled")}
            style={{ filter: cssFilter(adjust), ...size }}
            onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
          />
        ) : null}
      </div>
    </dialog>
  );
}

function formatScale(scale: number): string {
  return scale >= 1 ? `shown ${scale}×` : `shown at ${Math.round(scale * 100)}%`;
}
