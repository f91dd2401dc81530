import { render, screen } from "@testing-library/react";
import { createRef } from "react";

import { ChartCard, type ChartCardQuery } from "./ChartCard";

function renderCard(query: ChartCardQuery<number[]>) {
  return render(
    <ChartCard
      cardRef={createRef<HTMLElement>()}
      run="ppo"
      tag="fc1/weight"
      color="#123456"
      query={query}
      isEmpty={(data) => data.length === 0}
      emptyText="No histograms logged yet."
    >
      {(data) => <p>chart of {data.length} points</p>}
    </ChartCard>,
  );
}

describe("ChartCard", () => {
  it("names the tag and run so each card can be found", () => {
    renderCard({ data: undefined, isError: false, error: null });
    expect(screen.getByRole("article", { name: "fc1/weight · ppo" }).textContent).toContain("ppo");
  });

  it("draws the chart once the data has points", () => {
    renderCard({ data: [1, 2, 3], isError: false, error: null });
    expect(screen.getByText("chart of 3 points")).toBeTruthy();
  });

  it("says nothing is logged yet instead of drawing an empty chart", () => {
    renderCard({ data: [], isError: false, error: null });
    expect(screen.getByText("No histograms logged yet.")).toBeTruthy();
    expect(screen.queryByText(/chart of/)).toBeNull();
  });

  it("shows the server's message when the fetch fails", () => {
    renderCard({ data: undefined, isError: true, error: new Error("Run ppo has no tag fc1/weight.") });
    expect(screen.getByText("Run ppo has no tag fc1/weight.")).toBeTruthy();
  });
});
