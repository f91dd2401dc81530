/** Saves the whole graph (not just the part on screen) as standalone SVG or PNG. */
import { fileStem, rasterizeSvg, saveBlob } from "../../charts/exportChart";
import type { Layout } from "./layout";

const MARGIN = 16;
// Browsers refuse canvases much beyond this many pixels per side.
const MAX_CANVAS_SIDE = 16_000;
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "paint-order",
  "stroke-linejoin",
] as const;

/** A copy of the drawn SVG with the view transform removed and computed styles inlined. */
export function graphSvgText(svg: SVGSVGElement, layout: Layout): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  // Inline styles from the live elements: the file must look the same without our stylesheet or theme.
  const live = svg.querySelectorAll<SVGElement>("*");
  const copies = clone.querySelectorAll<SVGElement>("*");
  live.forEach((el, i) => {
    const computed = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(";");
    copies[i].setAttribute("style", style);
    copies[i].removeAttribute("class");
  });
  const width = layout.width + 2 * MARGIN;
  const height = layout.height + 2 * MARGIN;
  clone.querySelector('[data-role="graph-root"]')?.setAttribute("transform", `translate(${MARGIN},${MARGIN})`);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  clone.setAttribute("viewBox", `0 0 ${width} ${height}`);
  clone.removeAttribute("class");
  const background = getComputedStyle(svg).backgroundColor || "#fff";
  const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  rect.setAttribute("width", "100%");
  rect.setAttribute("height", "100%");
  rect.setAttribute("fill", background);
  clone.insertBefore(rect, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

export function downloadGraphSvg(svg: SVGSVGElement, layout: Layout, run: string): void {
  saveBlob(new Blob([graphSvgText(svg, layout)], { type: "image/svg+xml" }), `${fileStem(run)}_graph.svg`);
}

export async function graphPng(svg: SVGSVGElement, layout: Layout): Promise<Blob> {
  const text = graphSvgText(svg, layout);
  const width = layout.width + 2 * MARGIN;
  const height = layout.height + 2 * MARGIN;
  const scale = Math.min(2, MAX_CANVAS_SIDE / Math.max(width, height));
  return rasterizeSvg(text, width, height, scale);
}

export async function downloadGraphPng(svg: SVGSVGElement, layout: Layout, run: string): Promise<void> {
  saveBlob(await graphPng(svg, layout), `${fileStem(run)}_graph.png`);
}
