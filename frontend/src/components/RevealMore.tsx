/** The end of a long list rendered in parts: shows the rest as it scrolls near, or on a click. */
import { useEffect, useRef } from "react";

import { useInView } from "../hooks/useInView";
import { cls } from "../lib/names";
import "./RevealMore.css";

export interface RevealMoreProps {
  /** How many items are rendered now (a change re-checks whether the end is still in view). */
  shown: number;
  /** How many are not rendered yet. */
  hidden: number;
  onReveal: () => void;
}

export function RevealMore({ shown, hidden, onReveal }: RevealMoreProps) {
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref);
  const reveal = useRef(onReveal);
  useEffect(() => {
    reveal.current = onReveal;
  });
  useEffect(() => {
    // On `shown` too: after a reveal the end may still be in view, so reveal again.
    if (inView && shown >= 0) reveal.current();
  }, [inView, shown]);
  return (
    <div ref={ref} className={cls("reveal-more")}>
      <button type="button" className={cls("link")} onClick={onReveal}>
        Show {hidden.toLocaleString("en")} more
      </button>
    </div>
  );
}
