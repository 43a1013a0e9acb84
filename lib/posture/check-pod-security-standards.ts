import { PSS_CHECKS } from "./pss-checks";
import type { WorkloadView } from "./pss-view";
import type { Finding } from "./types";

/**
 * Evaluates every Pod Security Standards control that applies to a build workload, on a pod or on a
 * Docker container mapped onto pod fields, and returns one finding per control.
 */
export function checkPodSecurityStandards(view: WorkloadView): Finding[] {
  return PSS_CHECKS.map(({ control, check }) => {
    const result = check(view);

    return {
      subject: view.subject,
      workload: view.name,
      control: control.id,
      title: `Pod Security Standards ${control.level}: ${control.name}`,
      severity: result.severity ?? control.severity,
      passed: result.passed,
      evidence: result.evidence.length === 1 ? result.evidence[0] : result.evidence,
      explanation: result.passed ? control.passed : (result.failure ?? `The workload does not meet ${control.name}.`),
      remediation: view.source === "docker" ? control.remediation.docker : control.remediation.pod,
    };
  });
}
