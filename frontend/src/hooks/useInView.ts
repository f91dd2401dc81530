/** Whether an element is on (or near) the screen, so off-screen cards neither fetch nor draw. */
import { useEffect, useState, type RefObject } from "react";

/** Start loading a little before a card scrolls in, so it is usually drawn when it arrives. */
const PRELOAD_MARGIN = "150px 0px";

export function useInView(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === "undefined") {
      setInView(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => setInView(entries[entries.length - 1].isIntersecting), {
      rootMargin: PRELOAD_MARGIN,
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return inView;
}
