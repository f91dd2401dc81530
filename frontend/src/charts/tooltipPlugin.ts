/**
 * The hover tooltip: for every run, the point nearest the cursor's x, listed nearest-first by pixel
 * distance, with smoothed value, value, step and time. It floats beside the cursor in a fixed layer so
 * it is never clipped by the card and never covers the card's title.
 */
import type uPlot from "uplot";

import { formatStep, formatValue } from "../lib/format";
import { cls } from "../lib/names";

export interface TooltipSeries {
  name: string;
  color: string;
  x: ArrayLike<number>;
  smoothed: ArrayLike<number>;
  value: ArrayLike<number>;
  step: ArrayLike<number>;
  wallTime: ArrayLike<number>;
}

export interface TooltipConfig {
  getSeries: () => TooltipSeries[];
  /** Formats a point's time column (relative duration or wall clock, following the x axis). */
  formatTime: (wallTime: number, x: number) => string;
  timeLabel: string;
}

/** Index of the element of sorted xs nearest to target. */
export function nearestIndex(xs: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(xs[lo - 1] - target) <= Math.abs(xs[lo] - target)) return lo - 1;
  return lo;
}

const GAP_PX = 14;
/** Past this many runs the tooltip lists the nearest ones and counts the rest. */
const MAX_ROWS = 12;

export function tooltipPlugin(config: TooltipConfig): uPlot.Plugin {
  let tip: HTMLDivElement | null = null;

  const hide = () => {
    if (tip) tip.style.display = "none";
  };

  return {
    hooks: {
      ready: (u) => {
        tip = document.createElement("div");
        tip.className = cls("tooltip");
        tip.setAttribute("role", "tooltip");
        tip.style.display = "none";
        document.body.appendChild(tip);
        u.over.addEventListener("mouseleave", hide);
      },
      destroy: () => {
        tip?.remove();
        tip = null;
      },
      setCursor: (u) => {
        const { left, top } = u.cursor;
        if (!tip || left === undefined || top === undefined || left < 0) return hide();
        const xVal = u.posToVal(left, "x");
        const rows: Array<{ s: TooltipSeries; i: number; dist: number }> = [];
        for (const s of config.getSeries()) {
          const i = nearestIndex(s.x, xVal);
          if (i < 0) continue;
          const px = u.valToPos(s.x[i], "x");
          const py = u.valToPos(s.smoothed[i], "y");
          const dist = Math.hypot(px - left, Number.isFinite(py) ? py - top : 1e6);
          rows.push({ s, i, dist });
        }
        if (rows.length === 0) return hide();
        rows.sort((a, b) => a.dist - b.dist);
        tip.replaceChildren(renderTable(rows, config));
        tip.style.display = "block";
        const rect = u.over.getBoundingClientRect();
        const tipWidth = tip.offsetWidth;
        const tipHeight = tip.offsetHeight;
        let x = rect.left + left + GAP_PX;
        if (x + tipWidth > window.innerWidth - 8) x = rect.left + left - GAP_PX - tipWidth;
        let y = rect.top + top + GAP_PX;
        if (y + tipHeight > window.innerHeight - 8) y = Math.max(8, rect.top + top - GAP_PX - tipHeight);
        tip.style.transform = `translate(${Math.max(8, x)}px, ${y}px)`;
      },
    },
  };
}

function cell(tag: "td" | "th", text: string, className?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

function renderTable(rows: Array<{ s: TooltipSeries; i: number }>, config: TooltipConfig): HTMLTableElement {
  const table = document.createElement("table");
  const head = document.createElement("tr");
  for (const h of ["", "Run", "Smoothed", "Value", "Step", config.timeLabel]) head.appendChild(cell("th", h));
  table.appendChild(head);
  for (const { s, i } of rows.slice(0, MAX_ROWS)) {
    const tr = document.createElement("tr");
    const swatch = document.createElement("td");
    const dot = document.createElement("span");
    dot.className = cls("swatch");
    dot.style.background = s.color;
    swatch.appendChild(dot);
    tr.appendChild(swatch);
    tr.appendChild(cell("td", s.name, cls("tooltip-run")));
    tr.appendChild(cell("td", formatValue(s.smoothed[i]), cls("num")));
    tr.appendChild(cell("td", formatValue(s.value[i]), cls("num")));
    tr.appendChild(cell("td", formatStep(s.step[i]), cls("num")));
    tr.appendChild(cell("td", config.formatTime(s.wallTime[i], s.x[i]), cls("num")));
    table.appendChild(tr);
  }
  if (rows.length > MAX_ROWS) {
    const more = document.createElement("tr");
    const td = cell("td", `and ${rows.length - MAX_ROWS} more runs`, cls("muted"));
    (td as HTMLTableCellElement).colSpan = 6;
    more.appendChild(td);
    table.appendChild(more);
  }
  return table;
}
