/**
 * The hover tooltip: for every run (or group), the point nearest the cursor's x, with smoothed value,
 * value, step and time, listed in the order the user chose in the settings (nearest to the cursor, by
 * value, or by name). It sits in a fixed layer but always inside its own card: beside the cursor
 * where it fits, else on the other side, clamped to the card's edges, with as many rows as the card
 * has room for, so it never covers a neighbouring chart.
 */
import type uPlot from "uplot";

import { naturalCompare } from "../lib/colors";
import { formatStep, formatValue } from "../lib/format";
import { cls } from "../lib/names";
import { tooltipSort, type TooltipSort } from "../lib/tooltipSort";

export interface TooltipSeries {
  name: string;
  color: string;
  x: ArrayLike<number>;
  smoothed: ArrayLike<number>;
  value: ArrayLike<number>;
  step: ArrayLike<number>;
  wallTime: ArrayLike<number>;
  /** A group line's member runs. */
  members?: readonly string[];
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
/** Past this many runs (or fewer, if the card is short) the tooltip lists the first and counts the rest. */
const MAX_ROWS = 12;
const ROW_PX = 19;
const EDGE_PX = 6;

type Row = { s: TooltipSeries; i: number; dist: number };

/** Rows in the chosen order: nearest first by pixel distance, highest smoothed value first, or by name. */
export function sortRows(rows: Row[], sort: TooltipSort): Row[] {
  if (sort === "value") {
    const v = (r: Row) => (Number.isFinite(r.s.smoothed[r.i]) ? r.s.smoothed[r.i] : -Infinity);
    return rows.sort((a, b) => v(b) - v(a));
  }
  if (sort === "name") return rows.sort((a, b) => naturalCompare(a.s.name, b.s.name));
  return rows.sort((a, b) => a.dist - b.dist);
}

/**
 * Where the tooltip goes, in viewport pixels: right of and below the cursor if that fits inside the
 * card, else left of or above it, and always clamped to the card.
 */
export function placeInside(
  cursor: { x: number; y: number },
  tip: { width: number; height: number },
  card: { left: number; top: number; right: number; bottom: number },
): { x: number; y: number } {
  let x = cursor.x + GAP_PX;
  if (x + tip.width > card.right - EDGE_PX) x = cursor.x - GAP_PX - tip.width;
  x = Math.max(card.left + EDGE_PX, Math.min(x, card.right - EDGE_PX - tip.width));
  let y = cursor.y + GAP_PX;
  if (y + tip.height > card.bottom - EDGE_PX) y = cursor.y - GAP_PX - tip.height;
  y = Math.max(card.top + EDGE_PX, Math.min(y, card.bottom - EDGE_PX - tip.height));
  return { x, y };
}

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
        const rows: Row[] = [];
        for (const s of config.getSeries()) {
          const i = nearestIndex(s.x, xVal);
          if (i < 0) continue;
          const px = u.valToPos(s.x[i], "x");
          const py = u.valToPos(s.smoothed[i], "y");
          const dist = Math.hypot(px - left, Number.isFinite(py) ? py - top : 1e6);
          rows.push({ s, i, dist });
        }
        if (rows.length === 0) return hide();
        sortRows(rows, tooltipSort());
        const rect = u.over.getBoundingClientRect();
        const cardEl = u.root.closest("article") ?? u.root;
        const card = cardEl.getBoundingClientRect();
        // Rows the card has room for: a first guess from a one-line row, then fewer until it fits
        // (a group's row has a second line of members).
        let fit = Math.min(MAX_ROWS, Math.max(1, Math.floor((card.height - 2 * EDGE_PX - 3 * ROW_PX) / ROW_PX)));
        tip.style.maxWidth = `${Math.max(120, card.width - 2 * EDGE_PX)}px`;
        // Series without wall times (the static report keeps none) leave the time column out.
        let withTime = rows.some(({ s, i }) => Number.isFinite(s.wallTime[i]));
        const box = tip;
        const render = () => {
          box.replaceChildren(renderTable(rows, config, fit, withTime));
          fitWidth(box);
        };
        box.style.display = "block";
        box.replaceChildren(renderTable(rows, config, fit, withTime));
        // A narrow card: the time column goes before anything is cut.
        if (withTime && box.scrollWidth > box.clientWidth + 1) withTime = false;
        render();
        while (fit > 1 && box.offsetHeight > card.height - 2 * EDGE_PX) {
          fit = Math.max(1, Math.min(fit - 1, Math.floor((fit * (card.height - 2 * EDGE_PX)) / box.offsetHeight)));
          render();
        }
        const at = placeInside(
          { x: rect.left + left, y: rect.top + top },
          { width: tip.offsetWidth, height: tip.offsetHeight },
          card,
        );
        tip.style.transform = `translate(${at.x}px, ${at.y}px)`;
      },
    },
  };
}

/** Still too wide for its card: the run names give up the room (with an ellipsis), never the numbers. */
function fitWidth(tip: HTMLElement): void {
  const short = tip.scrollWidth - tip.clientWidth;
  if (short <= 1) return;
  const names = tip.querySelectorAll<HTMLElement>(`.${cls("tooltip-run")}`);
  const width = Math.max(0, ...Array.from(names, (el) => el.clientWidth));
  for (const el of names) el.style.maxWidth = `${Math.max(48, width - short - 12)}px`;
}

function cell(tag: "td" | "th", text: string, className?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

function renderTable(rows: Row[], config: TooltipConfig, maxRows: number, withTime: boolean): HTMLTableElement {
  const table = document.createElement("table");
  const head = document.createElement("tr");
  const headers = ["", "Run", "Smoothed", "Value", "Step", ...(withTime ? [config.timeLabel] : [])];
  for (const h of headers) head.appendChild(cell("th", h));
  table.appendChild(head);
  for (const { s, i } of rows.slice(0, maxRows)) {
    const tr = document.createElement("tr");
    const swatch = document.createElement("td");
    const dot = document.createElement("span");
    dot.className = cls("swatch");
    dot.style.background = s.color;
    swatch.appendChild(dot);
    tr.appendChild(swatch);
    const name = cell("td", s.name, cls("tooltip-run"));
    if (s.members) {
      // A group: how many runs, and the first few by name (all of them on hover of the page title).
      const shown = s.members.slice(0, 3).join(", ");
      const more = s.members.length > 3 ? ` +${s.members.length - 3}` : "";
      const sub = document.createElement("div");
      sub.className = cls("tooltip-members");
      sub.textContent = `${s.members.length} runs: ${shown}${more}`;
      name.appendChild(sub);
    }
    tr.appendChild(name);
    tr.appendChild(cell("td", formatValue(s.smoothed[i]), cls("num")));
    tr.appendChild(cell("td", formatValue(s.value[i]), cls("num")));
    tr.appendChild(cell("td", formatStep(s.step[i]), cls("num")));
    if (withTime) tr.appendChild(cell("td", config.formatTime(s.wallTime[i], s.x[i]), cls("num")));
    table.appendChild(tr);
  }
  if (rows.length > maxRows) {
    const more = document.createElement("tr");
    const td = cell("td", `and ${rows.length - maxRows} more`, cls("muted"));
    (td as HTMLTableCellElement).colSpan = headers.length;
    more.appendChild(td);
    table.appendChild(more);
  }
  return table;
}
