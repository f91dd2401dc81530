import { render } from "@testing-library/react";

import { BottomTicks, SideAxis, SideTicks } from "./Axes";
import { linearScale } from "./scale";

const svg = (children: React.ReactNode) => render(<svg>{children}</svg>).container;

describe("SVG axes", () => {
  it("put side labels `gap` off the axis line, with a tick mark `mark` long reaching it", () => {
    const c = svg(<SideTicks ticks={[{ at: 40, label: "adam" }]} x={100} gap={7} mark={4} />);
    const text = c.querySelector("text")!;
    expect([text.getAttribute("x"), text.getAttribute("y"), text.getAttribute("text-anchor")]).toEqual(["93", "40", "end"]);
    const line = c.querySelector("line")!;
    expect([line.getAttribute("x1"), line.getAttribute("x2")]).toEqual(["96", "100"]);
  });

  it("face the plot on the right side, and draw no mark unless asked", () => {
    const c = svg(<SideTicks ticks={[{ at: 10, label: "1" }]} x={50} side="right" gap={3} />);
    expect(c.querySelector("text")!.getAttribute("x")).toBe("53");
    expect(c.querySelector("text")!.getAttribute("text-anchor")).toBe("start");
    expect(c.querySelector("line")).toBeNull();
  });

  it("keep a placed tick's own anchor under the plot", () => {
    const c = svg(<BottomTicks ticks={[{ at: 0, label: "a", anchor: "start" }, { at: 50, label: "b" }]} y={90} labelClass="k" />);
    expect([...c.querySelectorAll("text")].map((t) => [t.textContent, t.getAttribute("text-anchor"), t.getAttribute("class")])).toEqual([
      ["a", "start", "k"],
      ["b", "middle", "k"],
    ]);
  });

  it("place a linear scale's round values through the same ticks", () => {
    const y = linearScale(0, 1, 100, 0);
    const c = svg(<SideAxis scale={y} ticks={[0, 0.5, 1]} format={(v) => v.toFixed(1)} x={30} />);
    expect([...c.querySelectorAll("text")].map((t) => [t.textContent, t.getAttribute("y")])).toEqual([
      ["0.0", "100"],
      ["0.5", "50"],
      ["1.0", "0"],
    ]);
  });
});
