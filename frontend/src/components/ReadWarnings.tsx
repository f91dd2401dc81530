/**
 * What reading skipped (damaged records, restarts), beside the live status: nothing when all was
 * read, else a button with the count that opens the list, each with its file and offset. The list
 * is refreshed with the run list (its key is under the runs root, which a live change refreshes).
 */
import { useCallback, useRef, useState } from "react";

import { useDismiss } from "../hooks/useDismiss";
import { useEnvironment } from "../lib/calls/environment";
import { useWarnings } from "../lib/calls/warnings";
import { cls } from "../lib/names";

export function ReadWarnings() {
  const { data } = useWarnings();
  const logdirs = useEnvironment().data?.logdirs ?? [];
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  if (!data || data.count === 0) return null;
  const label = `${data.count.toLocaleString()} skipped while reading`;
  return (
    <div className={cls("menu-anchor", "read-warnings")} ref={ref}>
      <button type="button" className={cls("read-warnings-button")} aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">⚠</span> {label}
      </button>
      {open ? (
        <div role="dialog" aria-label="Skipped while reading" className={cls("menu", "menu-right", "read-warnings-panel")}>
          <p className={cls("menu-note")}>
            Damaged records are skipped and the rest of each file is read; a chart may have a gap where they were.
          </p>
          <ul>
            {data.warnings.map((w) => (
              <li key={w} title={w}>
                {relativeTo(logdirs, w)}
              </li>
            ))}
          </ul>
          {data.count > data.warnings.length ? (
            <p className={cls("menu-note")}>
              and {(data.count - data.warnings.length).toLocaleString()} more: <code>trainboard.read(logdir).warnings</code> lists them all.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** A warning with its path shown from inside the logdir it names ("run/events.out...: ..."). */
export function relativeTo(logdirs: readonly string[], warning: string): string {
  for (const dir of logdirs) {
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    if (warning.startsWith(prefix)) return warning.slice(prefix.length);
  }
  return warning;
}
