import { describe, expect, it } from "vitest";
import { sortFindings } from "./sort-findings";
import type { Finding } from "./types";

function finding(control: string, severity: Finding["severity"], passed: boolean): Finding {
  return { subject: "container", workload: "w", control, title: control, severity, passed, evidence: [], explanation: "", remediation: "" };
}

describe("sortFindings", () => {
  it("puts failed findings first, worst first", () => {
    const sorted = sortFindings([
      finding("a", "critical", true),
      finding("b", "low", false),
      finding("c", "critical", false),
      finding("d", "medium", false),
      finding("e", "high", true),
    ]);

    expect(sorted.map((entry) => entry.control)).toEqual(["c", "d", "b", "a", "e"]);
  });

  it("keeps the given order within a severity", () => {
    const sorted = sortFindings([finding("x", "medium", false), finding("y", "medium", false)]);

    expect(sorted.map((entry) => entry.control)).toEqual(["x", "y"]);
  });
});
