import { useCallback, useRef, useState } from "react";

import { useDismiss } from "../hooks/useDismiss";
import type { PluginDefinition } from "../lib/plugin";
import { cls } from "../lib/names";

export interface TabsProps {
  withData: PluginDefinition[];
  withoutData: PluginDefinition[];
  active: string | null;
  onSelect: (name: string) => void;
}

/** A tab per dashboard with data; the others sit in a "More" menu. */
export function Tabs({ withData, withoutData, active, onSelect }: TabsProps) {
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const activeInMore = withoutData.find((p) => p.name === active);

  const close = useCallback(() => setOpen(false), []);
  useDismiss(menuRef, open, close);

  return (
    <nav className={cls("tabs")} aria-label="Dashboards">
      <div role="tablist">
        {[...withData, ...(activeInMore ? [activeInMore] : [])].map((p) => (
          <button
            key={p.name}
            role="tab"
            type="button"
            aria-selected={p.name === active}
            className={cls("tab")}
            onClick={() => onSelect(p.name)}
          >
            {p.label}
          </button>
        ))}
      </div>
      {withoutData.length > 0 ? (
        <div className={cls("more")} ref={menuRef}>
          <button type="button" className={cls("tab")} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
            More ▾
          </button>
          {open ? (
            <div role="menu" className={cls("menu")}>
              <p className={cls("menu-note")}>No data logged yet</p>
              {withoutData.map((p) => (
                <button
                  key={p.name}
                  role="menuitem"
                  type="button"
                  onClick={() => {
                    onSelect(p.name);
                    setOpen(false);
                  }}
                >
                  {p.label}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
    </nav>
  );
}
