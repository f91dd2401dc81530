import { useEffect, useState } from "react";

import type { RunsResponse } from "../lib/api";
import { waitingRuns, type WaitingRun } from "../lib/waitingRuns";

/** Header-only runs past their grace period, re-checked every second while any run is header-only. */
export function useWaitingRuns(response: RunsResponse | undefined, updatedAt: number): WaitingRun[] {
  const [now, setNow] = useState(() => Date.now());
  const anyHeaderOnly = response?.runs.some((r) => r.header_only) ?? false;
  useEffect(() => {
    if (!anyHeaderOnly) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [anyHeaderOnly]);
  return anyHeaderOnly ? waitingRuns(response, Math.max(0, now - updatedAt)) : [];
}
