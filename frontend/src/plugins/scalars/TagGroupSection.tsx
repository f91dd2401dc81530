/**
 * A collapsible group of cards; which groups are closed is remembered in this browser. A group of one
 * tag takes one cell of the dashboard's grid, so such groups flow side by side instead of each
 * leaving most of a row empty.
 */
import { useState } from "react";

import { ChevronIcon } from "../../components/icons";
import type { CardView } from "../../lib/cardView";
import { cls } from "../../lib/names";
import { readStored, writeStored } from "../../lib/storage";
import type { ScalarCardProps } from "./cardProps";
import { ScalarCard } from "./ScalarCard";
import type { TagGroup } from "./tagGroups";

/** What every card of the dashboard shares; the section adds each card's own part. */
export type SharedCardProps = Omit<ScalarCardProps, "tag" | "description" | "runs" | "card" | "pinned" | "expanded">;

export interface TagGroupSectionProps extends SharedCardProps {
  group: TagGroup;
  /** The section's label (the group name, or "Pinned"). */
  label?: string;
  cards: Readonly<Record<string, CardView>>;
  pinned: ReadonlySet<string>;
  expanded: string | null;
  /** Whether the open/closed state is remembered (not for the pinned section). */
  remember?: boolean;
  /** Always span the whole row, even with one card (the pinned section). */
  wide?: boolean;
  className?: string;
}

const STORAGE_KEY = "trainboard.scalars.closedGroups";

function readClosed(): Set<string> {
  const stored = readStored(STORAGE_KEY);
  return new Set(Array.isArray(stored) ? stored.filter((x): x is string => typeof x === "string") : []);
}

export function TagGroupSection({ group, label, cards, pinned, expanded, remember = true, wide = false, className, ...cardProps }: TagGroupSectionProps) {
  const [open, setOpen] = useState(() => !remember || !readClosed().has(group.name));
  const toggle = () => {
    if (remember) {
      const closed = readClosed();
      if (open) closed.add(group.name);
      else closed.delete(group.name);
      writeStored(STORAGE_KEY, [...closed]);
    }
    setOpen(!open);
  };
  const single = !wide && (group.total ?? group.tags.length) === 1 && expanded !== group.tags[0].tag;
  return (
    <section className={cls("group", single && "group-single", className)} aria-label={`Tag group ${label ?? group.name}`}>
      <h2 className={cls("group-head")}>
        <button type="button" aria-expanded={open} onClick={toggle}>
          <ChevronIcon open={open} />
          <span>{label ?? group.name}</span>
          <span className={cls("muted")}>{group.total ?? group.tags.length}</span>
        </button>
      </h2>
      {open ? (
        <div className={cls("cards")}>
          {group.tags.map((t) => (
            <ScalarCard
              key={t.tag}
              tag={t.tag}
              description={t.description}
              runs={t.runs}
              card={cards[t.tag]}
              pinned={pinned.has(t.tag)}
              expanded={expanded === t.tag}
              {...cardProps}
            />
          ))}
        </div>
      ) : null}
    </section>
  );
}
