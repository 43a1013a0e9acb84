import type { Pod } from "./pod-schema";
import type { Finding } from "./types";

/**
 * Checks a build pod for two things the Pod Security Standards leave out: resource limits, which the CIS
 * Docker Benchmark requires of a container, and credentials for the Kubernetes API that a build step could use.
 */
export function checkPodResources(pod: Pod, workload: string): Finding[] {
  const spec = pod.spec;
  const containers = [...spec.containers, ...(spec.initContainers ?? [])];
  const unlimited = containers.filter((container) => !container.resources?.limits?.memory || !container.resources?.limits?.cpu);
  const limitsField = (index: number) =>
    index < spec.containers.length
      ? `spec.containers[${index}].resources.limits`
      : `spec.initContainers[${index - spec.containers.length}].resources.limits`;
  const tokenMounted = spec.automountServiceAccountToken !== false;
  const serviceAccount = spec.serviceAccountName || "default";

  return [
    {
      subject: "pod",
      workload,
      control: "buildlab.pod.service-account-token",
      title: "The build pod does not mount a service account token",
      severity: "medium",
      passed: !tokenMounted,
      evidence: [
        { field: "spec.automountServiceAccountToken", value: spec.automountServiceAccountToken ?? null },
        { field: "spec.serviceAccountName", value: spec.serviceAccountName ?? null },
      ],
      // NOTE: the service account object can also turn automounting off; the pod spec does not show it.
      explanation: tokenMounted
        ? `Unless the service account "${serviceAccount}" turns automounting off, a build step can read its token ` +
          "and call the Kubernetes API with its rights."
        : "No service account token is mounted, so a build step has no credentials for the Kubernetes API.",
      remediation: "Set spec.automountServiceAccountToken to false on build pods.",
    },
    {
      subject: "pod",
      workload,
      control: "buildlab.pod.resource-limits",
      title: "Every container of the build pod has CPU and memory limits",
      severity: "medium",
      passed: unlimited.length === 0,
      evidence: containers.map((container, index) => ({
        field: limitsField(index),
        value: container.resources?.limits ?? null,
      })),
      explanation: unlimited.length
        ? `${unlimited.map((container) => `Container "${container.name}"`).join(", ")} has no CPU or memory limit, ` +
          "so a build step can starve the node."
        : "Every container has CPU and memory limits, so a build step cannot starve the node.",
      remediation: "Set resources.limits.cpu and resources.limits.memory on every container of the build pod.",
    },
  ];
}
