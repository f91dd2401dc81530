import { describe, expect, it } from "vitest";

import type { RunsResponse } from "./api";
import { HEADER_ONLY_GRACE_SECONDS, waitingMessage, waitingRuns } from "./waitingRuns";

const response = (runs: RunsResponse["runs"], server_time = 1000): RunsResponse => ({ runs, generation: 1, server_time });

describe("waitingRuns", () => {
  it("lists header-only runs once the grace period has passed by the server's clock", () => {
    const r = response([
      { name: "REINFORCE", start_time: 990, header_only: true },
      { name: "ppo", start_time: 900, header_only: false },
    ]);
    expect(waitingRuns(r, 0)).toEqual([]);
    const later = (HEADER_ONLY_GRACE_SECONDS - 10 + 1) * 1000;
    expect(waitingRuns(r, later)).toEqual([{ name: "REINFORCE", seconds: HEADER_ONLY_GRACE_SECONDS + 1 }]);
  });

  it("ignores runs without a start time and answers from older servers", () => {
    expect(waitingRuns(response([{ name: "a", start_time: null, header_only: true }]), 60_000)).toEqual([]);
    expect(waitingRuns({ runs: [{ name: "a", start_time: 0, header_only: true }], generation: 1 }, 0)).toEqual([]);
  });
});

describe("waitingMessage", () => {
  it("names the run, the wait, the cause and the fix in one line", () => {
    const line = waitingMessage([{ name: "REINFORCE", seconds: 40.4 }]);
    expect(line).toBe(
      "Run REINFORCE has written only a file header for 40s: torch's SummaryWriter keeps values in memory " +
        "for up to 120 s (flush_secs). Call writer.flush(), or import SummaryWriter from trainboard, " +
        "which writes within a second.",
    );
    expect(line).not.toContain("\n");
  });

  it("shortens a long list of runs", () => {
    const waiting = ["a", "b", "c", "d"].map((name, i) => ({ name, seconds: 20 + i }));
    expect(waitingMessage(waiting)).toMatch(/^4 runs \(a, b, c, …\) have written only a file header for 23s/);
    expect(waitingMessage([])).toBe("");
  });
});
