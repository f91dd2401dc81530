import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, within } from "@testing-library/react";

import type { TagsResponse } from "../lib/api";
import { tagsQuery } from "../lib/calls/tags";
import { DEFAULT_VIEW } from "../lib/urlState";
import { TagDashboard } from "./TagDashboard";

const TAGS = {
  plugin: "audio",
  runs: { ppo: { tone: {}, speech: {} }, dqn: { tone: {} } },
} as unknown as TagsResponse;

function renderDashboard(tagFilter: string, tags: TagsResponse | undefined = TAGS, setView = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  if (tags) client.setQueryData(tagsQuery("audio").queryKey, tags);
  else client.setQueryDefaults(tagsQuery("audio").queryKey, { queryFn: () => new Promise<TagsResponse>(() => {}) });
  render(
    <QueryClientProvider client={client}>
      <TagDashboard
        tagsOf="audio"
        runs={["dqn", "ppo"]}
        colorOf={(run) => (run === "ppo" ? "#111111" : "#222222")}
        view={{ ...DEFAULT_VIEW, tagFilter }}
        setView={setView}
        className="tb-audio-dashboard"
        controls={<button type="button">Extra</button>}
        renderCard={({ run, tag, color }) => <article aria-label={`${tag} · ${run}`} data-color={color} />}
      />
    </QueryClientProvider>,
  );
  return setView;
}

describe("TagDashboard", () => {
  it("shows one section per tag, sorted, with a card for each run that logged it", () => {
    renderDashboard("");
    const sections = screen.getAllByRole("region");
    expect(sections.map((s) => s.getAttribute("aria-label"))).toEqual(["speech", "tone"]);
    const cards = within(sections[1]).getAllByRole("article");
    expect(cards.map((a) => a.getAttribute("aria-label"))).toEqual(["tone · dqn", "tone · ppo"]);
    expect(cards.map((a) => a.dataset.color)).toEqual(["#222222", "#111111"]);
  });

  it("hands what the user types in the filter to the dashboard", () => {
    const onChange = renderDashboard("");
    fireEvent.change(screen.getByRole("searchbox", { name: "Filter tags" }), { target: { value: "^t" } });
    expect(onChange).toHaveBeenCalledWith({ tagFilter: "^t" });
  });

  it("keeps the dashboard's own controls in the toolbar", () => {
    renderDashboard("");
    expect(screen.getByRole("button", { name: "Extra" })).toBeTruthy();
  });

  it("says so when no tag matches the filter", () => {
    renderDashboard("nothing-like-this");
    expect(screen.queryAllByRole("region")).toHaveLength(0);
    expect(screen.getByText("No tag matches the filter and the selected runs.")).toBeTruthy();
  });

  it("does not claim there is nothing while the tags are still loading", () => {
    renderDashboard("", undefined);
    expect(screen.queryByText("No tag matches the filter and the selected runs.")).toBeNull();
  });
});
