/**
 * A value that follows its input at most once per intervalMs: the first change passes at once (so
 * the first chart paints without delay), later ones are coalesced. Used where each of many network
 * answers would otherwise trigger its own expensive rebuild.
 */
import { useEffect, useRef, useState } from "react";

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(-Infinity);
  useEffect(() => {
    // Mounting is not a change: keep the leading edge for the first real one.
    if (Object.is(value, shown)) return;
    const wait = last.current + intervalMs - performance.now();
    if (wait <= 0) {
      last.current = performance.now();
      setShown(value);
      return;
    }
    const timer = window.setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => window.clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
