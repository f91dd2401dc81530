import { PALETTE, assignColors, deltaE, hexToLab, naturalCompare, overflowColor } from "./colors";

describe("PALETTE", () => {
  it("has 20 colours no two of which are near twins (ΔE94 >= 16)", () => {
    expect(PALETTE.length).toBe(20);
    let min = Infinity;
    for (let i = 0; i < PALETTE.length; i++) for (let j = i + 1; j < PALETTE.length; j++) min = Math.min(min, deltaE(PALETTE[i], PALETTE[j]));
    expect(min).toBeGreaterThanOrEqual(16);
    // The old palette's closest pair (two purples) would fail this.
    expect(deltaE("#9467bd", "#ae3ec9")).toBeLessThan(9);
  });

  it("keeps every colour readable on light and dark backgrounds", () => {
    for (const c of PALETTE) {
      const [l] = hexToLab(c);
      expect(l).toBeGreaterThan(39);
      expect(l).toBeLessThan(76);
    }
  });
});

describe("assignColors", () => {
  it("gives a run the same colour whatever order the runs arrive in", () => {
    const a = assignColors(["b", "a", "c"]);
    const b = assignColors(["c", "b", "a"]);
    for (const run of ["a", "b", "c"]) expect(a.get(run)).toBe(b.get(run));
  });

  it("gives up to 20 visible runs distinct palette colours, whatever is hidden", () => {
    const runs = Array.from({ length: 200 }, (_, i) => `seed${i}`);
    const visible = runs.filter((_, i) => i % 10 === 3);
    const colors = assignColors(runs, visible);
    expect(new Set(visible.map((r) => colors.get(r))).size).toBe(visible.length);
    for (const r of visible) expect(PALETTE).toContain(colors.get(r));
    expect(colors.size).toBe(runs.length);
  });

  it("keeps neighbours apart past the palette", () => {
    const runs = Array.from({ length: 60 }, (_, i) => `r${i}`);
    const colors = assignColors(runs);
    expect(new Set(colors.values()).size).toBe(runs.length);
    for (let k = 0; k < 40; k++) expect(deltaE(overflowColor(k), overflowColor(k + 1))).toBeGreaterThan(10);
  });

  it("orders the visible runs naturally through its cached ranks, as a sort by naturalCompare does", () => {
    const runs = Array.from({ length: 300 }, (_, i) => `lr${i % 3}/seed${i}`);
    const visible = runs.filter((_, i) => i % 7 === 2).reverse();
    const ranked = assignColors(runs, visible);
    // A visible name outside `runs` takes the naturalCompare sort; sorting last, it moves no other slot.
    const compared = assignColors(runs, [...visible, "zz-not-a-run"]);
    for (const r of visible) expect(ranked.get(r)).toBe(compared.get(r));
    expect(assignColors([...runs], [...visible].sort()).get(visible[0])).toBe(ranked.get(visible[0]));
  });

  it("lets a picked colour win and takes its slot out of the pool", () => {
    const picked = { a: PALETTE[0] };
    const runs = Array.from({ length: 20 }, (_, i) => (i === 0 ? "a" : `r${i}`));
    const colors = assignColors(runs, runs, picked);
    expect(colors.get("a")).toBe(PALETTE[0]);
    expect(runs.filter((r) => colors.get(r) === PALETTE[0])).toEqual(["a"]);
  });
});

describe("naturalCompare", () => {
  it("sorts seed2 before seed10", () => {
    expect(["seed10", "seed2", "seed1"].sort(naturalCompare)).toEqual(["seed1", "seed2", "seed10"]);
    expect(["lr0.01/seed0", "lr0.001/seed1", "lr0.001/seed0", "lr0.0001/seed2"].sort(naturalCompare)).toEqual([
      "lr0.0001/seed2",
      "lr0.001/seed0",
      "lr0.001/seed1",
      "lr0.01/seed0",
    ]);
    expect(["b", "A", "a10", "a9"].sort(naturalCompare)).toEqual(["A", "a9", "a10", "b"]);
  });
});
