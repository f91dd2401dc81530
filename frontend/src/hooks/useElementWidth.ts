/** An element's width in CSS pixels, rounded to `quantum` so small resizes do not refetch. */
import { useEffect, useState, type RefObject } from "react";

export function useElementWidth(ref: RefObject<Element | null>, quantum = 1): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.round(el.getBoundingClientRect().width / quantum) * quantum);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, quantum]);
  return width;
}
