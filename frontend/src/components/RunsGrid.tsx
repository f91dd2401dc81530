/**
 * The runs table's grid: a header of sortable columns, then one row per listed run (its check,
 * colour and cells). Virtualized (@tanstack/react-virtual), so 10,000 runs scroll as smoothly as 10:
 * only the rows on screen are in the DOM.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";

import { cls } from "../lib/names";
import { COLUMN_WIDTH, cellDisplay, cellOf, cellText, type RunRow, type Sort, type TableColumn } from "../lib/runTable";

const ROW_HEIGHT = 26;

export interface RunsGridProps {
  rows: readonly RunRow[];
  columns: readonly TableColumn[];
  sort: Sort;
  onSort: (sort: Sort) => void;
  /** Removes a metric column (`m:<key>`). */
  onRemoveColumn: (key: string) => void;
  isChecked: (run: string) => boolean;
  onCheck: (run: string, on: boolean) => void;
  colorOf: (run: string) => string;
  onPickColor: (run: string, color: string) => void;
  /** Says so under the header when no row is listed. */
  emptyText: string | null;
}

export function RunsGrid(props: RunsGridProps) {
  const { rows, columns, isChecked, colorOf } = props;
  const totalWidth = COLUMN_WIDTH.check + columns.reduce((n, c) => n + c.width, 0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
  });
  return (
    <div ref={scrollRef} className={cls("rt-scroll")} role="table" aria-label="Runs table" aria-rowcount={rows.length}>
      <GridHead {...props} width={totalWidth} />
      <div style={{ height: virtual.getTotalSize(), width: totalWidth, position: "relative" }}>
        {virtual.getVirtualItems().map((item) => {
          const row = rows[item.index];
          const color = colorOf(row.name);
          return (
            <div
              key={row.name}
              role="row"
              aria-rowindex={item.index + 1}
              data-run={row.name}
              className={cls("rt-row")}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width: totalWidth }}
            >
              <span className={cls("rt-cell", "rt-check")} style={{ width: COLUMN_WIDTH.check }} role="cell">
                <input
                  type="checkbox"
                  aria-label={row.name}
                  checked={isChecked(row.name)}
                  onChange={(e) => props.onCheck(row.name, e.target.checked)}
                  style={{ accentColor: color }}
                />
                <input
                  type="color"
                  className={cls("rt-color")}
                  aria-label={`Colour of ${row.name}`}
                  data-color={color}
                  value={color}
                  onChange={(e) => props.onPickColor(row.name, e.target.value)}
                />
              </span>
              {columns.map((c) => (
                <span key={c.key} role="cell" className={cls("rt-cell", c.key !== "name" && "num")} style={{ width: c.width }} title={cellText(cellOf(row, c.key))}>
                  {cellDisplay(row, c.key)}
                </span>
              ))}
            </div>
          );
        })}
      </div>
      {props.emptyText ? <p className={cls("muted")}>{props.emptyText}</p> : null}
    </div>
  );
}

/** The header row: a button per column that sorts by it (again: the other way), × on metric columns. */
function GridHead({ columns, sort, onSort, onRemoveColumn, width }: RunsGridProps & { width: number }) {
  return (
    <div className={cls("rt-head")} role="row" style={{ width }}>
      <span className={cls("rt-cell")} style={{ width: COLUMN_WIDTH.check }} role="columnheader" aria-label="Shown and colour" />
      {columns.map((c) => {
        const active = sort.key === c.key;
        return (
          <span
            key={c.key}
            role="columnheader"
            className={cls("rt-cell", "rt-th", active && "rt-sorted")}
            style={{ width: c.width }}
            aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
            title={c.label}
          >
            <button type="button" onClick={() => onSort({ key: c.key, desc: active ? !sort.desc : false })}>
              {c.label}
              {active ? (sort.desc ? " ▼" : " ▲") : ""}
            </button>
            {c.key.startsWith("m:") ? (
              <button type="button" className={cls("rt-remove")} aria-label={`Remove column ${c.label}`} onClick={() => onRemoveColumn(c.key)}>
                ×
              </button>
            ) : null}
          </span>
        );
      })}
    </div>
  );
}
