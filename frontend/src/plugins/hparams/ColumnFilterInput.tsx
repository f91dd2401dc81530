/** The filter under one column header: min/max for numbers, a checklist for few values, a regex otherwise. */
import { useEffect, useState } from "react";

import { cls } from "../../lib/names";
import type { Session } from "./calls/hparams";
import { type Column, type ColumnFilter, categoriesOf, isCategorical, valueKey, valueLabel } from "./model";

/** Up to this many distinct values get a checklist; more (free-form strings) get a regex box. */
const MAX_CHECKLIST = 12;

export interface ColumnFilterInputProps {
  column: Column;
  sessions: Session[];
  filter: ColumnFilter | undefined;
  onChange: (filter: ColumnFilter | null) => void;
}

export function ColumnFilterInput({ column, sessions, filter, onChange }: ColumnFilterInputProps) {
  if (!isCategorical(column)) {
    const range = filter?.kind === "range" ? filter : { min: null, max: null };
    return (
      <div className={cls("hp-range")}>
        <NumberBox
          label={`${column.label} at least`}
          placeholder="min"
          value={range.min}
          onChange={(min) => onChange({ kind: "range", min, max: range.max })}
        />
        <NumberBox
          label={`${column.label} at most`}
          placeholder="max"
          value={range.max}
          onChange={(max) => onChange({ kind: "range", min: range.min, max })}
        />
      </div>
    );
  }
  const categories = categoriesOf(column, sessions);
  if (categories.length > MAX_CHECKLIST) {
    return (
      <input
        className={cls("hp-filter-text")}
        aria-label={`Filter ${column.label} (regex)`}
        placeholder="regex"
        value={filter?.kind === "text" ? filter.pattern : ""}
        onChange={(e) => onChange(e.target.value ? { kind: "text", pattern: e.target.value } : null)}
      />
    );
  }
  const chosen = filter?.kind === "values" ? new Set(filter.values) : null;
  return (
    <details className={cls("hp-values")}>
      <summary aria-label={`Filter ${column.label}`}>
        {chosen ? `${chosen.size} of ${categories.length}` : "all"}
      </summary>
      <div className={cls("hp-values-menu")}>
        {categories.map((c) => {
          const key = valueKey(c);
          const checked = chosen ? chosen.has(key) : true;
          return (
            <label key={key}>
              <input
                type="checkbox"
                checked={checked}
                onChange={() => {
                  const next = new Set(chosen ?? categories.map(valueKey));
                  if (checked) next.delete(key);
                  else next.add(key);
                  onChange(next.size === categories.length ? null : { kind: "values", values: [...next] });
                }}
              />
              {valueLabel(c)}
            </label>
          );
        })}
      </div>
    </details>
  );
}

interface NumberBoxProps {
  label: string;
  placeholder: string;
  value: number | null;
  onChange: (value: number | null) => void;
}

/** A number input that lets the user type "1e-" on the way to "1e-3" without being corrected. */
function NumberBox({ label, placeholder, value, onChange }: NumberBoxProps) {
  const [text, setText] = useState(value === null ? "" : String(value));
  useEffect(() => {
    if (value === null ? text !== "" : Number(text) !== value) setText(value === null ? "" : String(Number(value.toPrecision(6))));
    // Only an outside change (a brush, "clear filters") rewrites what the user typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      className={cls("hp-filter-num")}
      aria-label={label}
      placeholder={placeholder}
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = e.target.value.trim() === "" ? null : Number(e.target.value);
        if (parsed === null || Number.isFinite(parsed)) onChange(parsed);
      }}
    />
  );
}
