/** Runs whose event files still hold nothing but their header, and the one line that says why. */
import type { RunsResponse } from "./api";
import { formatDuration } from "./format";

/** A writer has this long to write its first value before the page explains the empty run. */
export const HEADER_ONLY_GRACE_SECONDS = 15;

export interface WaitingRun {
  name: string;
  /** Seconds since the run's file was started, by the server's clock. */
  seconds: number;
}

/**
 * Header-only runs older than the grace period. `elapsedMs` is the time since the runs answer arrived:
 * the server's clock then, plus that, is the server's clock now (the browser's may differ).
 */
export function waitingRuns(response: RunsResponse | undefined, elapsedMs: number): WaitingRun[] {
  if (!response || response.server_time === undefined) return [];
  const now = response.server_time + elapsedMs / 1000;
  const waiting: WaitingRun[] = [];
  for (const run of response.runs) {
    if (!run.header_only || run.start_time === null) continue;
    const seconds = now - run.start_time;
    if (seconds >= HEADER_ONLY_GRACE_SECONDS) waiting.push({ name: run.name, seconds });
  }
  return waiting;
}

/** One line: which runs wait, for how long, why, and what to do. */
export function waitingMessage(waiting: WaitingRun[]): string {
  if (waiting.length === 0) return "";
  const longest = Math.max(...waiting.map((w) => w.seconds));
  const shown = waiting.slice(0, 3).map((w) => w.name === "." ? "the logdir's run" : w.name);
  const who =
    waiting.length === 1
      ? `Run ${shown[0]} has`
      : `${waiting.length} runs (${shown.join(", ")}${waiting.length > 3 ? ", …" : ""}) have`;
  return (
    `${who} written only a file header for ${formatDuration(Math.round(longest))}: ` +
    "torch's SummaryWriter keeps values in memory for up to 120 s (flush_secs). " +
    "Call writer.flush(), or import SummaryWriter from trainboard, which writes within a second."
  );
}
