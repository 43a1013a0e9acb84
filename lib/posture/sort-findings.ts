import { SEVERITIES, type Finding } from "./types";

/** Sorts findings worst first: failed before passed, then by severity, keeping the given order otherwise. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (finding: Finding) => (finding.passed ? SEVERITIES.length : 0) + SEVERITIES.indexOf(finding.severity);
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => rank(a.finding) - rank(b.finding) || a.index - b.index)
    .map((entry) => entry.finding);
}
