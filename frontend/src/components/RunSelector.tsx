import { useMemo } from "react";

import { cls } from "../lib/names";
import { makeFilter } from "../lib/regex";

export interface RunSelectorProps {
  runs: string[];
  colorOf: (run: string) => string;
  hidden: ReadonlySet<string>;
  filter: string;
  onFilterChange: (pattern: string) => void;
  /** Called with the full new list of unchecked runs. */
  onHiddenChange: (hidden: string[]) => void;
}

/** The run list: a regex filter, select all/none over the matches, one checkbox and colour per run. */
export function RunSelector({ runs, colorOf, hidden, filter, onFilterChange, onHiddenChange }: RunSelectorProps) {
  const { test, error } = useMemo(() => makeFilter(filter), [filter]);
  const matching = useMemo(() => runs.filter(test), [runs, test]);
  const shown = matching.filter((r) => !hidden.has(r)).length;

  const setMany = (names: string[], visible: boolean) => {
    const next = new Set(hidden);
    for (const name of names) {
      if (visible) next.delete(name);
      else next.add(name);
    }
    onHiddenChange([...next].sort());
  };

  return (
    <section className={cls("runs")} aria-label="Runs">
      <div className={cls("runs-head")}>
        <h2>Runs</h2>
        <span className={cls("muted")} data-testid="run-count">
          {shown} of {runs.length}
        </span>
      </div>
      <input
        className={cls("input")}
        type="search"
        placeholder="Filter runs (regex)"
        aria-label="Filter runs (regex)"
        value={filter}
        onChange={(e) => onFilterChange(e.target.value)}
      />
      {error ? <p className={cls("hint-error")}>{error}</p> : null}
      <div className={cls("runs-actions")}>
        <button type="button" className={cls("link")} onClick={() => setMany(matching, true)}>
          All
        </button>
        <button type="button" className={cls("link")} onClick={() => setMany(matching, false)}>
          None
        </button>
      </div>
      <ul className={cls("runs-list")}>
        {matching.map((run) => (
          <li key={run}>
            <label title={run}>
              <input
                type="checkbox"
                checked={!hidden.has(run)}
                onChange={(e) => setMany([run], e.target.checked)}
                style={{ accentColor: colorOf(run) }}
              />
              <span className={cls("swatch")} style={{ background: colorOf(run) }} aria-hidden="true" />
              <span className={cls("run-name")}>{run}</span>
            </label>
          </li>
        ))}
        {runs.length > 0 && matching.length === 0 ? <li className={cls("muted")}>No run matches “{filter}”.</li> : null}
      </ul>
    </section>
  );
}
