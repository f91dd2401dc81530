/** Run colours: a fixed palette, each run's colour chosen by its name so it survives reloads. */

/** Sixteen hues readable on both the light and the dark background. */
export const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#17becf",
  "#e377c2",
  "#bcbd22",
  "#8c564b",
  "#3b5bdb",
  "#f59f00",
  "#0ca678",
  "#e8590c",
  "#ae3ec9",
  "#1098ad",
  "#74b816",
] as const;

/** FNV-1a: a cheap, stable string hash (the same in every browser and every session). */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Gives each run the palette slot its name hashes to, probing to the next free slot on a clash, so
 * colours repeat only once there are more runs than colours.
 */
export function assignColors(runs: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const run of [...runs].sort()) {
    let slot = hashName(run) % PALETTE.length;
    if (taken.size < PALETTE.length) {
      while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    }
    taken.add(slot);
    colors.set(run, PALETTE[slot]);
  }
  return colors;
}
