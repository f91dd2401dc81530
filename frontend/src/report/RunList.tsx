/** The report's run selector: a checkbox and the dashboard's colour per run, a filter, all / none. */
import { useState } from "react";

import { SearchInput } from "../components/SearchInput";
import { cls } from "../lib/names";

export interface RunListProps {
  runs: readonly string[];
  hidden: ReadonlySet<string>;
  colorOf: (run: string) => string;
  onChange: (hidden: ReadonlySet<string>) => void;
}

export function RunList({ runs, hidden, colorOf, onChange }: RunListProps) {
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = needle ? runs.filter((r) => r.toLowerCase().includes(needle)) : runs;
  const setAll = (visible: boolean) => {
    const next = new Set(hidden);
    for (const run of shown) {
      if (visible) next.delete(run);
      else next.add(run);
    }
    onChange(next);
  };
  const toggle = (run: string) => {
    const next = new Set(hidden);
    if (next.has(run)) next.delete(run);
    else next.add(run);
    onChange(next);
  };
  return (
    <section className={cls("runs")} aria-label="Runs">
      <div className={cls("runs-head")}>
        <h2>Runs</h2>
        <span className={cls("muted")}>
          {runs.length - hidden.size} of {runs.length} shown
        </span>
      </div>
      <SearchInput label="Filter runs" value={filter} onChange={setFilter} />
      <div className={cls("runs-actions")}>
        <button type="button" className={cls("link")} onClick={() => setAll(true)}>
          Show all
        </button>
        <button type="button" className={cls("link")} onClick={() => setAll(false)}>
          Hide all
        </button>
      </div>
      <ul className={cls("runs-list")}>
        {shown.map((run) => (
          <li key={run}>
            <label title={run}>
              <input type="checkbox" checked={!hidden.has(run)} onChange={() => toggle(run)} />
              <span className={cls("swatch")} style={{ background: colorOf(run) }} />
              <span className={cls("run-name")}>{run}</span>
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
