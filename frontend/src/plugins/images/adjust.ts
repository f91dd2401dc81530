/** Brightness and contrast as TensorBoard's image dashboard has them, and how an image is scaled. */

export interface Adjust {
  brightness: number;
  contrast: number;
}

export const NO_ADJUST: Adjust = { brightness: 1, contrast: 1 };

export const isNeutral = (a: Adjust) => a.brightness === NO_ADJUST.brightness && a.contrast === NO_ADJUST.contrast;

/** The CSS filter for an adjustment, undefined when it changes nothing (keeps the GPU path cheap). */
export const cssFilter = (a: Adjust): string | undefined =>
  isNeutral(a) ? undefined : `brightness(${a.brightness}) contrast(${a.contrast})`;

/**
 * The scale that shows a `w`x`h` image as large as fits in `boxW`x`boxH`: a whole number when the
 * image is enlarged, so every logged pixel becomes the same square of screen pixels (a 28x28 digit
 * is data, not a photo), and the exact fit when it must shrink. Never 0 for a non-empty image.
 */
export function fitScale(w: number, h: number, boxW: number, boxH: number): number {
  if (!(w > 0 && h > 0) || !(boxW > 0 && boxH > 0)) return 1;
  const fit = Math.min(boxW / w, boxH / h);
  return fit >= 1 ? Math.floor(fit) : fit;
}
