import { describe, expect, it } from "vitest";
import { KeepUnknownSet } from "./keep-unknown-set";

describe("KeepUnknownSet", () => {
  it("counts live and unknown ids as live", () => {
    const set = new KeepUnknownSet(["live"], new Set(["live", "dead"]));

    expect(set.has("live")).toBe(true);
    expect(set.has("dead")).toBe(false);
    expect(set.has("other-installation")).toBe(true);
  });
});
