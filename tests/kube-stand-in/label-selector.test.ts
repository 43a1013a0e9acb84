import { describe, expect, it } from "vitest";
import { matchesLabelSelector, parseLabelSelector } from "./label-selector";

const labels = { "org.buildlab.run": "run1", "org.buildlab.app": "buildlab", tier: "build" };

describe("label selectors", () => {
  it.each([
    ["org.buildlab.run=run1", true],
    ["org.buildlab.run==run1", true],
    ["org.buildlab.run=run2", false],
    ["org.buildlab.run!=run2", true],
    ["org.buildlab.app", true],
    ["!org.buildlab.app", false],
    ["!missing", true],
    ["tier in (build, test)", true],
    ["tier notin (build)", false],
    ["org.buildlab.app=buildlab,tier in (test,build)", true],
    ["org.buildlab.app=buildlab,missing", false],
    ["", true],
  ])("evaluates %j", (selector, expected) => {
    expect(matchesLabelSelector(labels, parseLabelSelector(selector))).toBe(expected);
  });

  it("rejects a malformed selector", () => {
    expect(() => parseLabelSelector("a b c")).toThrow(/unable to parse requirement/);
  });
});
