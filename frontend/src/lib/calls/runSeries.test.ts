import { QueryClient } from "@tanstack/react-query";

import { runKey } from "../names";
import { runSeriesCall, runStepCall } from "./runSeries";

const images = runSeriesCall("images");
const audio = runSeriesCall("audio");
const audioStep = runStepCall("audio");

describe("run series queries", () => {
  it("sit under the run's key, so a change to that run refreshes its cards and no other run's", async () => {
    const client = new QueryClient();
    client.setQueryData(images.query("ppo", "samples").queryKey, { step: [0] } as never);
    client.setQueryData(images.query("dqn", "samples").queryKey, { step: [0] } as never);
    client.setQueryData(audioStep.query("ppo", "tone", 3).queryKey, { step: 3 } as never);
    await client.invalidateQueries({ queryKey: runKey("ppo"), refetchType: "none" });
    expect(client.getQueryState(images.query("ppo", "samples").queryKey)?.isInvalidated).toBe(true);
    expect(client.getQueryState(audioStep.query("ppo", "tone", 3).queryKey)?.isInvalidated).toBe(true);
    expect(client.getQueryState(images.query("dqn", "samples").queryKey)?.isInvalidated).toBe(false);
  });

  it("keep two routes' series of the same tag apart, and a series apart from its steps", () => {
    expect(images.query("ppo", "x").queryKey).not.toEqual(audio.query("ppo", "x").queryKey);
    expect(audio.query("ppo", "x").queryKey).not.toEqual(audioStep.query("ppo", "x", 0).queryKey);
  });
});
