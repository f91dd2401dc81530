/**
 * "+ Metric": adds a column to the runs table. A popup with a search box and at most
 * `MAX_LISTED` matches, so a run of 12,345 tags costs 50 buttons, not 12,345 options rendered
 * whenever the table renders.
 */
import { useCallback, useMemo, useRef, useState } from "react";

import { useDismiss } from "../hooks/useDismiss";
import { cls } from "../lib/names";

/** Matches listed at most; the rest are found by typing more of the name. */
export const MAX_LISTED = 50;

/** The choices whose name holds `query` (case-insensitive), in their order, at most `limit`. */
export function matchMetrics(choices: readonly string[], query: string, limit = MAX_LISTED): { listed: string[]; more: number } {
  const needle = query.trim().toLowerCase();
  const listed: string[] = [];
  let more = 0;
  for (const name of choices) {
    if (needle && !name.toLowerCase().includes(needle)) continue;
    if (listed.length < limit) listed.push(name);
    else more += 1;
  }
  return { listed, more };
}

export interface MetricPickerProps {
  /** The metrics that may be added (those shown already left out). */
  choices: readonly string[];
  onPick: (metric: string) => void;
}

export function MetricPicker({ choices, onPick }: MetricPickerProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    setQuery("");
  }, []);
  useDismiss(ref, open, close);
  const { listed, more } = useMemo(() => (open ? matchMetrics(choices, query) : { listed: [], more: 0 }), [open, choices, query]);
  const pick = (metric: string) => {
    onPick(metric);
    close();
  };
  return (
    <div className={cls("menu-anchor", "rt-add-anchor")} ref={ref}>
      <button
        type="button"
        className={cls("select", "rt-add")}
        aria-label="Add a metric column"
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={choices.length === 0}
        onClick={() => (open ? close() : setOpen(true))}
      >
        + Metric
      </button>
      {open ? (
        <div role="dialog" aria-label="Add a metric column" className={cls("menu", "menu-right", "rt-add-menu")}>
          <input
            className={cls("input")}
            type="search"
            placeholder={`Find among ${choices.length.toLocaleString("en")} metrics`}
            aria-label="Find a metric"
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && listed.length > 0) pick(listed[0]);
            }}
          />
          {listed.map((metric) => (
            <button key={metric} type="button" title={metric} onClick={() => pick(metric)}>
              {metric}
            </button>
          ))}
          {listed.length === 0 ? <p className={cls("menu-note")}>No metric matches “{query}”.</p> : null}
          {more > 0 ? <p className={cls("menu-note")}>{more.toLocaleString("en")} more: type to narrow the list</p> : null}
        </div>
      ) : null}
    </div>
  );
}
