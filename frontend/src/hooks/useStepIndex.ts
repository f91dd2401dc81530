/**
 * The slider position of a card: follows the newest step until the user picks one, then stays on
 * that step (not that index) as new steps arrive, so live updates never yank the view away.
 */
import { useState } from "react";

export function useStepIndex(steps: readonly number[]): [number, (index: number) => void] {
  const [pinned, setPinned] = useState<number | null>(null);
  const last = steps.length - 1;
  let index = last;
  if (pinned !== null) {
    const found = steps.lastIndexOf(pinned);
    index = found >= 0 ? found : last;
  }
  const choose = (i: number) => setPinned(i >= last ? null : steps[i]);
  return [Math.max(0, index), choose];
}
