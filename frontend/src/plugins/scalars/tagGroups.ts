/** Groups scalar tags by the prefix before the first "/", as TensorBoard does. */
import type { TagInfo } from "../../lib/api";

export interface TagEntry {
  tag: string;
  /** The selected runs that logged this tag, sorted. */
  runs: string[];
  description: string;
}

export interface TagGroup {
  name: string;
  tags: TagEntry[];
  /** How many tags the group has when `tags` holds only the first of them (`limitGroups`). */
  total?: number;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** The group a tag belongs to: "loss/train" -> "loss"; a tag without "/" is its own group. */
export function groupName(tag: string): string {
  const slash = tag.indexOf("/");
  return slash === -1 ? tag : tag.slice(0, slash);
}

/**
 * Builds the groups for the selected runs, keeping tags the filter accepts; groups and tags are in
 * natural order ("step2" before "step10").
 */
export function groupTags(
  tagsByRun: Record<string, Record<string, TagInfo>>,
  selectedRuns: readonly string[],
  accept: (tag: string) => boolean = () => true,
): TagGroup[] {
  const byTag = new Map<string, TagEntry>();
  // The runs sorted once, so each tag's list comes out in order: ten sorts of 1,000 names with the
  // collator cost about 80 ms of a sweep's first render.
  for (const run of [...selectedRuns].sort(collator.compare)) {
    for (const [tag, info] of Object.entries(tagsByRun[run] ?? {})) {
      if (!accept(tag)) continue;
      let entry = byTag.get(tag);
      if (!entry) {
        entry = { tag, runs: [], description: info.description ?? "" };
        byTag.set(tag, entry);
      }
      entry.runs.push(run);
    }
  }
  const groups = new Map<string, TagEntry[]>();
  for (const entry of byTag.values()) {
    const name = groupName(entry.tag);
    const list = groups.get(name) ?? [];
    list.push(entry);
    groups.set(name, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([name, tags]) => ({ name, tags: tags.sort((a, b) => collator.compare(a.tag, b.tag)) }));
}

/** The pinned tags' entries, in pinning order, as one group; tags no selected run has are left out. */
export function pinnedGroup(groups: readonly TagGroup[], pinned: readonly string[]): TagGroup {
  if (pinned.length === 0) return { name: "Pinned", tags: [] };
  const byTag = new Map(groups.flatMap((g) => g.tags.map((t) => [t.tag, t] as const)));
  return { name: "Pinned", tags: pinned.flatMap((tag) => byTag.get(tag) ?? []) };
}

/**
 * The groups cut to their first `limit` cards, so a page of 12,345 tags renders what is on screen
 * first; `hidden` counts the cards left out (a cut group keeps its full count in `total`).
 */
export function limitGroups(groups: TagGroup[], limit: number): { groups: TagGroup[]; hidden: number } {
  const out: TagGroup[] = [];
  let left = limit;
  let hidden = 0;
  for (const group of groups) {
    if (left <= 0) {
      hidden += group.tags.length;
      continue;
    }
    if (group.tags.length > left) {
      out.push({ ...group, tags: group.tags.slice(0, left), total: group.tags.length });
      hidden += group.tags.length - left;
    } else {
      out.push(group);
    }
    left -= group.tags.length;
  }
  return { groups: out, hidden };
}
