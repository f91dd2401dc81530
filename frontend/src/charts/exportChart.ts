/**
 * Saves a chart as SVG (vector paths rebuilt from the chart's scales, with title and legend) or as PNG
 * (that same picture drawn at twice the size).
 */
import type uPlot from "uplot";

import type { Band } from "./bandPlugin";

// Re-exported: the graph export names its files the same way.
export { fileStem } from "../lib/names";

/** Starts a browser download of blob under filename. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}


function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A legend entry of an exported chart. */
export interface LegendEntry {
  name: string;
  color: string;
}

/** PNGs are drawn at twice the chart's size, so they stay sharp on slides and high-density screens. */
export const PNG_SCALE = 2;

/**
 * The chart as a PNG at `scale` times its size, drawn from the same vector picture as exportSvg, so it
 * holds the title, every line and the legend.
 */
export async function exportPng(u: uPlot, title: string, bands: Band[] = [], legend: LegendEntry[] = [], scale = PNG_SCALE): Promise<Blob> {
  const { svg, width, height } = svgPicture(u, title, bands, legend);
  return rasterizeSvg(svg, width, height, scale);
}

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

interface AxisInternals {
  _splits?: number[];
  _values?: string[];
}

/** Legend entries drawn at most; the rest are counted ("and 950 more"). */
const MAX_LEGEND = 60;
const LEGEND_ROW = 16;

/** Legend items flowed into rows across `width`, as SVG, and the height they take. */
function legendSvg(legend: LegendEntry[], width: number, textColor: string): { svg: string; height: number } {
  if (legend.length === 0) return { svg: "", height: 0 };
  const items = legend.slice(0, MAX_LEGEND).map((e) => ({ ...e, label: e.name }));
  if (legend.length > MAX_LEGEND) items.push({ name: "", color: "", label: `and ${legend.length - MAX_LEGEND} more` });
  const parts: string[] = [];
  let x = 10;
  let y = 12;
  for (const item of items) {
    const w = 16 + item.label.length * 6.3 + 14; // swatch, text at about 6.3 px a character, gap
    if (x > 10 && x + w > width - 10) {
      x = 10;
      y += LEGEND_ROW;
    }
    if (item.color) parts.push(`<rect x="${x}" y="${y - 8}" width="10" height="10" rx="2" fill="${item.color}"/>`);
    parts.push(`<text x="${item.color ? x + 15 : x}" y="${y + 1}" fill="${textColor}">${esc(item.label)}</text>`);
    x += w;
  }
  return { svg: parts.join("\n"), height: y + 10 };
}

/** The chart as standalone SVG: title, axes, ticks, grid, bands, every visible series and the legend. */
export function exportSvg(u: uPlot, title: string, bands: Band[] = [], legend: LegendEntry[] = []): string {
  return svgPicture(u, title, bands, legend).svg;
}

function svgPicture(u: uPlot, title: string, bands: Band[], legend: LegendEntry[]): { svg: string; width: number; height: number } {
  const { left, top, width, height } = u.bbox;
  const r = u.ctx.canvas.width / u.width;
  const [pl, pt, pw, ph] = [left / r, top / r, width / r, height / r];
  const titleH = 28;
  const text = cssVar("--tb-text", "#1d2330");
  const muted = cssVar("--tb-axis", "#5f6b7a");
  const grid = cssVar("--tb-grid", "rgba(0,0,0,0.08)");
  const parts: string[] = [];
  const key = legendSvg(legend, u.width, text);
  const total = u.height + titleH + key.height;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${u.width}" height="${total}" ` +
      `viewBox="0 0 ${u.width} ${total}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="${cssVar("--tb-surface", "#fff")}"/>`,
    `<text x="10" y="19" font-size="13" font-weight="600" fill="${text}">${esc(title)}</text>`,
    `<g transform="translate(0 ${titleH})">`,
  );
  const [xAxis, yAxis] = u.axes as unknown as AxisInternals[];
  (xAxis._splits ?? []).forEach((v, i) => {
    const x = pl + u.valToPos(v, "x");
    if (x < pl - 0.5 || x > pl + pw + 0.5) return;
    parts.push(`<line x1="${x}" y1="${pt}" x2="${x}" y2="${pt + ph}" stroke="${grid}"/>`);
    parts.push(`<text x="${x}" y="${pt + ph + 16}" text-anchor="middle" fill="${muted}">${esc(xAxis._values?.[i] ?? "")}</text>`);
  });
  (yAxis._splits ?? []).forEach((v, i) => {
    const y = pt + u.valToPos(v, "y");
    if (y < pt - 0.5 || y > pt + ph + 0.5) return;
    parts.push(`<line x1="${pl}" y1="${y}" x2="${pl + pw}" y2="${y}" stroke="${grid}"/>`);
    parts.push(`<text x="${pl - 8}" y="${y + 4}" text-anchor="end" fill="${muted}">${esc(yAxis._values?.[i] ?? "")}</text>`);
  });
  parts.push(`<defs><clipPath id="plot"><rect x="${pl}" y="${pt}" width="${pw}" height="${ph}"/></clipPath></defs>`);
  parts.push(`<g clip-path="url(#plot)">`);
  for (const band of bands) {
    const upper = Array.from(band.xLo).flatMap((_, i) => [
      [band.xLo[i], band.max[i]],
      [band.xHi[i], band.max[i]],
    ]);
    const lower = Array.from(band.xLo)
      .flatMap((_, i) => [
        [band.xLo[i], band.min[i]],
        [band.xHi[i], band.min[i]],
      ])
      .reverse();
    const pts = [...upper, ...lower]
      .map(([x, y]) => `${(pl + u.valToPos(x, "x")).toFixed(1)},${(pt + u.valToPos(y, "y")).toFixed(1)}`)
      .join(" ");
    parts.push(`<polygon points="${pts}" fill="${band.color}" fill-opacity="0.16"/>`);
  }
  const xs = u.data[0];
  u.series.forEach((s, si) => {
    if (si === 0 || s.show === false) return;
    const ys = u.data[si];
    const segments: string[] = [];
    let current: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const y = ys[i];
      if (y === null || y === undefined || !Number.isFinite(y)) continue;
      current.push(`${(pl + u.valToPos(xs[i], "x")).toFixed(1)},${(pt + u.valToPos(y, "y")).toFixed(1)}`);
    }
    if (current.length) segments.push(current.join(" "));
    current = [];
    const stroke = typeof s.stroke === "function" ? s.stroke(u, si) : s.stroke;
    const widthPx = s.width ?? 1;
    for (const seg of segments) {
      parts.push(
        `<polyline points="${seg}" fill="none" stroke="${String(stroke ?? text)}" stroke-width="${widthPx}" stroke-linejoin="round"/>`,
      );
    }
  });
  parts.push(`</g>`);
  parts.push(`<rect x="${pl}" y="${pt}" width="${pw}" height="${ph}" fill="none" stroke="${grid}"/>`);
  parts.push(`</g>`);
  if (key.svg) parts.push(`<g class="legend" transform="translate(0 ${u.height + titleH})">`, key.svg, `</g>`);
  parts.push(`</svg>`);
  return { svg: parts.join("\n"), width: u.width, height: total };
}

/** Draws SVG text of `width` x `height` CSS pixels into a PNG at `scale` device pixels per pixel. */
export async function rasterizeSvg(svg: string, width: number, height: number, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const out = document.createElement("canvas");
    out.width = Math.ceil(width * scale);
    out.height = Math.ceil(height * scale);
    const ctx = out.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((resolve, reject) =>
      out.toBlob((b) => (b ? resolve(b) : reject(new Error("the browser could not encode the PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
