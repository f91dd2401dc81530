import type { LiveState } from "../hooks/useLiveUpdates";
import { formatClock } from "../lib/format";
import { cls } from "../lib/names";

const LABELS = { connecting: "Connecting", live: "Live", offline: "Reconnecting", polling: "Polling" } as const;

/** A dot and a word for the live status, with the time of the last update. */
export function LiveIndicator({ status, lastUpdate }: LiveState) {
  const when = lastUpdate ? ` · updated ${formatClock(lastUpdate)}` : "";
  return (
    <span className={cls("live", `live-${status}`)} data-testid="live-indicator" title={`${LABELS[status]}${when}`}>
      <span className={cls("live-dot")} aria-hidden="true" />
      {LABELS[status]}
      {lastUpdate ? <span className={cls("live-time")}>{formatClock(lastUpdate)}</span> : null}
    </span>
  );
}
