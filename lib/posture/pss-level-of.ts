import type { Finding, PssLevel } from "./types";

/**
 * Returns the Pod Security Standards level that a workload's findings earn: restricted when every
 * baseline and restricted control passed, baseline when every baseline control passed, else privileged.
 */
export function pssLevelOf(findings: readonly Finding[]): PssLevel {
  const failed = findings.filter((finding) => !finding.passed);
  if (failed.some((finding) => finding.control.startsWith("pss.baseline."))) return "privileged";
  if (failed.some((finding) => finding.control.startsWith("pss.restricted."))) return "baseline";
  return "restricted";
}
