/**
 * Keeps the page current: with live on, the server's change stream invalidates exactly the queries of
 * the runs that changed; with live off, everything is refetched every reload period.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import type { ChangeEvent } from "../lib/api";
import { seriesKeyHasRun } from "../lib/calls/series";
import { LIVE_EVENTS, LIVE_REFRESH, QUERY_ROOTS, type LiveRefresh } from "../lib/names";

/** Whether a query under `root` (a "changed runs" root of LIVE_REFRESH) holds data of `run`. */
export function keyHasRun(root: string, key: readonly unknown[], run: string): boolean {
  if (key[0] !== root) return false;
  if (root === QUERY_ROOTS.series) return seriesKeyHasRun(key, run);
  return key[1] === run; // runKey(run)
}

export type LiveStatus = "connecting" | "live" | "offline" | "polling";

export interface LiveState {
  status: LiveStatus;
  /** Unix seconds of the last change applied (or the last poll). */
  lastUpdate: number | null;
}

export function useLiveUpdates(live: boolean, reloadPeriodSeconds: number): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>({ status: live ? "connecting" : "polling", lastUpdate: null });

  useEffect(() => {
    if (!live) {
      setState((s) => ({ ...s, status: "polling" }));
      const timer = window.setInterval(() => {
        void client.invalidateQueries();
        setState({ status: "polling", lastUpdate: Date.now() / 1000 });
      }, reloadPeriodSeconds * 1000);
      return () => window.clearInterval(timer);
    }
    setState((s) => ({ ...s, status: "connecting" }));
    const source = new EventSource("api/events");
    let missedChanges = false;
    source.addEventListener(LIVE_EVENTS.hello, () => {
      // Changes made while the stream was down were never announced: refetch everything once.
      if (missedChanges) void client.invalidateQueries();
      missedChanges = false;
      setState({ status: "live", lastUpdate: Date.now() / 1000 });
    });
    source.addEventListener(LIVE_EVENTS.change, (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as ChangeEvent;
      for (const [root, how] of Object.entries(LIVE_REFRESH) as [string, LiveRefresh][]) {
        if (how === "changed runs") {
          // A card's series answer holds many runs: refetch it when any of them changed.
          void client.invalidateQueries({ predicate: (q) => change.runs.some((run) => keyHasRun(root, q.queryKey, run)) });
        } else if (how === "every change") {
          // Every cached list, not only the shown dashboard's: a change that gives another dashboard
          // its first data switches to it, and its tags are then already here (one round trip saved).
          void client.invalidateQueries({ queryKey: [root], refetchType: root === QUERY_ROOTS.tags ? "all" : "active" });
        }
      }
      setState({ status: "live", lastUpdate: change.time || Date.now() / 1000 });
    });
    source.addEventListener(LIVE_EVENTS.progress, () => {
      for (const [root, how] of Object.entries(LIVE_REFRESH) as [string, LiveRefresh][])
        if (how === "progress") void client.invalidateQueries({ queryKey: [root] });
    });
    // EventSource reconnects by itself; show that we are behind until it does.
    source.onerror = () => {
      missedChanges = true;
      setState((s) => ({ ...s, status: "offline" }));
    };
    return () => source.close();
  }, [client, live, reloadPeriodSeconds]);

  return state;
}
