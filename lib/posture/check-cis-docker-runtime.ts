import { CIS_DOCKER_CHECKS } from "./cis-docker-checks";
import type { DockerInspect } from "./docker-inspect-schema";
import { parseSecurityOpt } from "./parse-security-opt";
import { readDockerMounts } from "./read-docker-mounts";
import type { Finding, FindingSubject } from "./types";

/** Evaluates the CIS Docker Benchmark's container-runtime recommendations on one container. */
export function checkCisDockerRuntime(inspect: DockerInspect, subject: FindingSubject, workload: string): Finding[] {
  const facts = { inspect, mounts: readDockerMounts(inspect), options: parseSecurityOpt(inspect.HostConfig.SecurityOpt) };

  return CIS_DOCKER_CHECKS.map(({ control, check }) => {
    const result = check(facts);

    return {
      subject,
      workload,
      control: control.id,
      title: `CIS Docker ${control.id.slice("cis-docker.".length)}: ${control.title}`,
      severity: result.severity ?? control.severity,
      passed: result.passed,
      evidence: result.evidence.length === 1 ? result.evidence[0] : result.evidence,
      explanation: result.passed ? control.passed : (result.failure ?? `The container does not meet: ${control.title}.`),
      remediation: control.remediation,
    };
  });
}
