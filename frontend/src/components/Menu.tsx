import { useCallback, useRef, useState, type ReactNode } from "react";

import { useDismiss } from "../hooks/useDismiss";
import { cls } from "../lib/names";

export interface MenuProps {
  /** The button's accessible name and tooltip. */
  label: string;
  icon: ReactNode;
  /** Menu content; call close() after an action. */
  children: (close: () => void) => ReactNode;
}

/** An icon button that opens a small menu; a click outside or Escape closes it. */
export function Menu({ label, icon, children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  return (
    <div className={cls("menu-anchor")} ref={ref}>
      <button
        type="button"
        className={cls("icon-button")}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {icon}
      </button>
      {open ? (
        <div role="menu" className={cls("menu", "menu-right")}>
          {children(close)}
        </div>
      ) : null}
    </div>
  );
}
