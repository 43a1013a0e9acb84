import { describe, expect, it } from "vitest";
import { formatSeconds } from "./format-seconds";

describe("formatSeconds", () => {
  it.each([
    [null, "—"],
    [0, "0.00 s"],
    [4, "0.00 s"],
    [5, "0.01 s"],
    [1234, "1.23 s"],
    [61_005, "61.01 s"],
  ])("formats %s ms as %s", (ms, expected) => {
    expect(formatSeconds(ms)).toBe(expected);
  });
});
