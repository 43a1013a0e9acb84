import { describe, expect, it } from "vitest";
import { formatBytes } from "./format-bytes";

describe("formatBytes", () => {
  it.each([
    [null, "—"],
    [0, "0 B"],
    [999, "999 B"],
    [1000, "1.0 kB"],
    [10_800, "10.8 kB"],
    [187_657_602, "188 MB"],
    [77_024_685, "77.0 MB"],
    [2_500_000_000, "2.5 GB"],
  ])("formats %s as %s", (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
