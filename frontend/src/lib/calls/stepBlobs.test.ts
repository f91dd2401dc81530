import { QueryClient } from "@tanstack/react-query";

import { runKey } from "../names";
import { blobStepQuery } from "./blobStep";
import { stepBlobsQuery } from "./stepBlobs";

describe("step blob queries", () => {
  it("sit under the run's key, so a change to that run refreshes its cards and no other run's", async () => {
    const client = new QueryClient();
    client.setQueryData(stepBlobsQuery("images", "ppo", "samples").queryKey, { step: [0] } as never);
    client.setQueryData(stepBlobsQuery("images", "dqn", "samples").queryKey, { step: [0] } as never);
    client.setQueryData(blobStepQuery("audio", "ppo", "tone", 3).queryKey, { step: 3 } as never);
    await client.invalidateQueries({ queryKey: runKey("ppo"), refetchType: "none" });
    expect(client.getQueryState(stepBlobsQuery("images", "ppo", "samples").queryKey)?.isInvalidated).toBe(true);
    expect(client.getQueryState(blobStepQuery("audio", "ppo", "tone", 3).queryKey)?.isInvalidated).toBe(true);
    expect(client.getQueryState(stepBlobsQuery("images", "dqn", "samples").queryKey)?.isInvalidated).toBe(false);
  });

  it("keep images and audio of the same tag apart", () => {
    expect(stepBlobsQuery("images", "ppo", "x").queryKey).not.toEqual(stepBlobsQuery("audio", "ppo", "x").queryKey);
  });
});
