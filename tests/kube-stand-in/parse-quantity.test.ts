import { describe, expect, it } from "vitest";
import { parseQuantity } from "./parse-quantity";

describe("parseQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["2", 2],
    ["0.25", 0.25],
    ["2Gi", 2 * 1024 ** 3],
    ["512Mi", 512 * 1024 ** 2],
    ["1G", 1e9],
    ["1k", 1000],
    ["1e3", 1000],
    ["2147483648", 2147483648],
  ])("parses %s", (quantity, expected) => {
    expect(parseQuantity(quantity)).toBe(expected);
  });

  it("rejects an invalid quantity", () => {
    expect(() => parseQuantity("two gigs")).toThrow(/quantities must match/);
  });
});
