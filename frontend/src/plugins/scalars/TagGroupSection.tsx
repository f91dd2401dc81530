/** A collapsible group of cards; which groups are closed is remembered in this browser. */
import { useState } from "react";

import { ChevronIcon } from "../../components/icons";
import type { Grouping } from "../../lib/groups";
import { cls } from "../../lib/names";
import { readStored, writeStored } from "../../lib/storage";
import type { XAxis } from "../../lib/urlState";
import { ScalarCard } from "./ScalarCard";
import type { TagGroup } from "./tagGroups";

export interface TagGroupSectionProps {
  group: TagGroup;
  colorOf: (run: string) => string;
  smoothing: number;
  x: XAxis;
  logY: boolean;
  ignoreOutliers: boolean;
  theme: "light" | "dark";
  grouping: Grouping | null;
}

const STORAGE_KEY = "trainboard.scalars.closedGroups";

function readClosed(): Set<string> {
  const stored = readStored(STORAGE_KEY);
  return new Set(Array.isArray(stored) ? stored.filter((x): x is string => typeof x === "string") : []);
}

export function TagGroupSection({ group, ...cardProps }: TagGroupSectionProps) {
  const [open, setOpen] = useState(() => !readClosed().has(group.name));
  const toggle = () => {
    const closed = readClosed();
    if (open) closed.add(group.name);
    else closed.delete(group.name);
    writeStored(STORAGE_KEY, [...closed]);
    setOpen(!open);
  };
  return (
    <section className={cls("group")} aria-label={`Tag group ${group.name}`}>
      <h2 className={cls("group-head")}>
        <button type="button" aria-expanded={open} onClick={toggle}>
          <ChevronIcon open={open} />
          <span>{group.name}</span>
          <span className={cls("muted")}>{group.total ?? group.tags.length}</span>
        </button>
      </h2>
      {open ? (
        <div className={cls("cards")}>
          {group.tags.map((t) => (
            <ScalarCard key={t.tag} tag={t.tag} description={t.description} runs={t.runs} {...cardProps} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
