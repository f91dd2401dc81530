/** Saves a chart as PNG (the canvas as drawn) or SVG (vector paths rebuilt from the same scales). */
import type uPlot from "uplot";

import type { Band } from "./bandPlugin";

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

/** A file name from a tag: "loss/train" -> "loss_train". */
export function fileStem(tag: string): string {
  return tag.replace(/[^\w.-]+/g, "_").replace(/^_+|_+$/g, "") || "chart";
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** The chart's canvas on the page background with the title above it, as a PNG. */
export async function exportPng(u: uPlot, title: string): Promise<Blob> {
  const ratio = u.ctx.canvas.width / u.width;
  const titleH = 28;
  const out = document.createElement("canvas");
  out.width = u.ctx.canvas.width;
  out.height = u.ctx.canvas.height + titleH * ratio;
  const ctx = out.getContext("2d")!;
  ctx.fillStyle = cssVar("--tb-surface", "#fff");
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = cssVar("--tb-text", "#000");
  ctx.font = `${600} ${13 * ratio}px system-ui, sans-serif`;
  ctx.fillText(title, 10 * ratio, 19 * ratio);
  ctx.drawImage(u.ctx.canvas, 0, titleH * ratio);
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error("the browser could not encode the PNG"))), "image/png"),
  );
}

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

interface AxisInternals {
  _splits?: number[];
  _values?: string[];
}

/** The chart as standalone SVG: axes, ticks, grid, bands and every visible series. */
export function exportSvg(u: uPlot, title: string, bands: Band[] = []): string {
  const { left, top, width, height } = u.bbox;
  const r = u.ctx.canvas.width / u.width;
  const [pl, pt, pw, ph] = [left / r, top / r, width / r, height / r];
  const titleH = 28;
  const text = cssVar("--tb-text", "#1d2330");
  const muted = cssVar("--tb-axis", "#5f6b7a");
  const grid = cssVar("--tb-grid", "rgba(0,0,0,0.08)");
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${u.width}" height="${u.height + titleH}" ` +
      `viewBox="0 0 ${u.width} ${u.height + titleH}" font-family="system-ui, sans-serif" font-size="11">`,
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
  parts.push(`</g></svg>`);
  return parts.join("\n");
}
