import { niceTicks } from "./ticks";

describe("niceTicks", () => {
  it("picks round values inside the range", () => {
    expect(niceTicks(-4.1, 4.3, 5)).toEqual([-4, -2, 0, 2, 4]);
    expect(niceTicks(0, 29, 5)).toEqual([0, 10, 20]);
  });

  it("returns the single value of an empty range", () => {
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});
