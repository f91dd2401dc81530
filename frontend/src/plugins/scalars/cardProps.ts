/** What a scalar card is given; its own module so the card's frame and body both import it, not each other. */
import type { Grouping } from "../../lib/groups";
import type { CardView, XAxis } from "../../lib/urlState";

export const CARD_HEIGHT = { normal: 220, expanded: 420 } as const;

export interface ScalarCardProps {
  tag: string;
  description: string;
  runs: string[];
  colorOf: (run: string) => string;
  smoothing: number;
  /** The toolbar's x axis, log y and outlier setting; the card's own settings override them. */
  x: XAxis;
  logY: boolean;
  ignoreOutliers: boolean;
  theme: "light" | "dark";
  /** Runs drawn as one line per group, or null. */
  grouping: Grouping | null;
  /** The card's own settings from the URL. */
  card: CardView | undefined;
  pinned: boolean;
  expanded: boolean;
  onCard: (tag: string, patch: Partial<CardView>) => void;
  onPin: (tag: string) => void;
  onExpand: (tag: string | null) => void;
}

/** What the card's frame resolved from its settings and hands its body. */
export interface ScalarCardView {
  x: XAxis;
  logY: boolean;
  ignoreOutliers: boolean;
  zoom: [number, number] | null;
}
