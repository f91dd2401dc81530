import type { InputHTMLAttributes } from "react";

import { cls } from "../lib/names";

export interface SearchInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> {
  /** Its accessible name. */
  label: string;
  /** Shown while it is empty; the label when left out. */
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
}

/** The search box that filters a list as the user types (runs, tags, graph nodes). */
export function SearchInput({ label, placeholder, value, onChange, ...rest }: SearchInputProps) {
  return (
    <input
      {...rest}
      className={cls("input")}
      type="search"
      placeholder={placeholder ?? label}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
