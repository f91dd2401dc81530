/**
 * Keeps the page current: with live on, the server's change stream invalidates exactly the queries of
 * the runs that changed; with live off, everything is refetched every reload period.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import type { ChangeEvent } from "../lib/api";
import { LIVE_EVENTS, QUERY_ROOTS, runKey } from "../lib/names";
import { seriesKeyHasRun } from "../lib/scalarsApi";

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
      for (const run of change.runs) void client.invalidateQueries({ queryKey: runKey(run) });
      // A card's series answer holds many runs: refetch it when any of them changed.
      void client.invalidateQueries({ predicate: (q) => change.runs.some((run) => seriesKeyHasRun(q.queryKey, run)) });
      // The lists are small and a change may add a run, a tag or a dashboard.
      void client.invalidateQueries({ queryKey: [QUERY_ROOTS.runs] });
      // Every cached tag list, not only the shown dashboard's: a change that gives another dashboard
      // its first data switches to it, and its tags are then already here (one round trip saved).
      void client.invalidateQueries({ queryKey: [QUERY_ROOTS.tags], refetchType: "all" });
      void client.invalidateQueries({ queryKey: [QUERY_ROOTS.plugins] });
      setState({ status: "live", lastUpdate: change.time || Date.now() / 1000 });
    });
    source.addEventListener(LIVE_EVENTS.progress, () => {
      void client.invalidateQueries({ queryKey: [QUERY_ROOTS.environment] });
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
