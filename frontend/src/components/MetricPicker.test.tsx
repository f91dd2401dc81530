import { fireEvent, render, screen } from "@testing-library/react";

import { MAX_LISTED, MetricPicker, matchMetrics } from "./MetricPicker";

const many = Array.from({ length: 12_345 }, (_, i) => `layer_${String(i).padStart(5, "0")}/norm`);

describe("matchMetrics", () => {
  it("lists at most the limit and counts the rest", () => {
    expect(matchMetrics(many, "")).toEqual({ listed: many.slice(0, MAX_LISTED), more: many.length - MAX_LISTED });
  });

  it("keeps names holding the query, in order, ignoring case", () => {
    expect(matchMetrics(["Loss/train", "acc", "loss/val"], "LOSS")).toEqual({ listed: ["Loss/train", "loss/val"], more: 0 });
    expect(matchMetrics(many, "layer_1234")).toEqual({ listed: many.slice(12340, 12345), more: 0 });
  });
});

describe("MetricPicker", () => {
  it("renders no choice until it is opened, then at most the limit", () => {
    const { container } = render(<MetricPicker choices={many} onPick={() => {}} />);
    expect(container.querySelectorAll("button").length).toBe(1);
    fireEvent.click(screen.getByRole("button", { name: "Add a metric column" }));
    expect(screen.getByRole("dialog").querySelectorAll("button").length).toBe(MAX_LISTED);
    expect(screen.getByText(/12,295 more/)).toBeTruthy();
  });

  it("adds the metric clicked, or the first match on Enter, and closes", () => {
    const picked: string[] = [];
    render(<MetricPicker choices={["loss/train", "loss/val", "acc"]} onPick={(m) => picked.push(m)} />);
    const open = () => fireEvent.click(screen.getByRole("button", { name: "Add a metric column" }));
    open();
    fireEvent.click(screen.getByRole("button", { name: "acc" }));
    expect(picked).toEqual(["acc"]);
    expect(screen.queryByRole("dialog")).toBeNull();
    open();
    const search = screen.getByRole("searchbox", { name: "Find a metric" });
    fireEvent.change(search, { target: { value: "val" } });
    fireEvent.keyDown(search, { key: "Enter" });
    expect(picked).toEqual(["acc", "loss/val"]);
  });
});
