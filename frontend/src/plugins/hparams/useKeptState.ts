/**
 * useState that survives leaving the dashboard: opening a trial's scalars and coming back keeps the
 * view mode, statistic, columns and colours (sort and filters are in the link). Kept in
 * sessionStorage, so a reload keeps them too, per browser tab.
 */
import { type Dispatch, type SetStateAction, useCallback, useState } from "react";

const PREFIX = "tb-hparams:";

function load<T>(key: string, initial: T): T {
  try {
    const text = window.sessionStorage.getItem(PREFIX + key);
    return text === null ? initial : (JSON.parse(text) as T);
  } catch {
    // Storage disabled or an old, unreadable value: start fresh.
    return initial;
  }
}

export function useKeptState<T>(key: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() => load(key, initial));
  const set = useCallback<Dispatch<SetStateAction<T>>>(
    (next) =>
      setValue((old) => {
        const value = typeof next === "function" ? (next as (old: T) => T)(old) : next;
        try {
          window.sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
        } catch {
          // Full or disabled storage only costs the memory across visits.
        }
        return value;
      }),
    [key],
  );
  return [value, set];
}
