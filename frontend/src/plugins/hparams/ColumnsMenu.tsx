/** Show or hide columns; hyperparameters that every session shares start hidden. */
import { cls } from "../../lib/names";
import type { Column } from "./model";

export interface ColumnsMenuProps {
  columns: Column[];
  hidden: Set<string>;
  onChange: (hiddenIds: string[]) => void;
}

export function ColumnsMenu({ columns, hidden, onChange }: ColumnsMenuProps) {
  const toggle = (id: string) =>
    onChange(hidden.has(id) ? [...hidden].filter((h) => h !== id) : [...hidden, id]);
  const group = (kind: Column["kind"], title: string) => {
    const members = columns.filter((c) => c.kind === kind);
    if (!members.length) return null;
    return (
      <fieldset>
        <legend>{title}</legend>
        {members.map((c) => (
          <label key={c.id} title={c.differs ? c.name : `${c.name}: the same in every session`}>
            <input type="checkbox" checked={!hidden.has(c.id)} onChange={() => toggle(c.id)} />
            {c.label}
            {c.differs ? null : <small> (constant)</small>}
          </label>
        ))}
      </fieldset>
    );
  };
  return (
    <details className={cls("hp-columns")}>
      <summary>
        Columns{hidden.size ? ` (${hidden.size} hidden)` : ""}
      </summary>
      <div className={cls("hp-columns-menu")}>
        {group("hparam", "Hyperparameters")}
        {group("metric", "Metrics")}
        <div className={cls("hp-columns-actions")}>
          <button type="button" onClick={() => onChange([])}>
            Show all
          </button>
        </div>
      </div>
    </details>
  );
}
