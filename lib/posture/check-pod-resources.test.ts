import { describe, expect, it } from "vitest";
import { checkPodResources } from "./check-pod-resources";
import { podSchema } from "./pod-schema";

function findings(spec: Record<string, unknown>) {
  return checkPodResources(podSchema.parse({ spec: { containers: [{ name: "kaniko" }], ...spec } }), "build");
}

describe("checkPodResources", () => {
  it("fails the token check by default", () => {
    const token = findings({}).find((finding) => finding.control === "buildlab.pod.service-account-token");

    expect(token?.passed).toBe(false);
    expect(token?.explanation).toContain('"default"');
  });

  it("passes the token check without automount", () => {
    const token = findings({ automountServiceAccountToken: false }).find((finding) => finding.control === "buildlab.pod.service-account-token");

    expect(token?.passed).toBe(true);
  });

  it.each([
    { name: "no limits", limits: undefined, passed: false },
    { name: "a memory limit only", limits: { memory: "1Gi" }, passed: false },
    { name: "CPU and memory limits", limits: { cpu: "1", memory: "1Gi" }, passed: true },
  ])("resource limits with $name: passed=$passed", ({ limits, passed }) => {
    const result = findings({ containers: [{ name: "kaniko", resources: { limits } }] }).find((finding) => finding.control === "buildlab.pod.resource-limits");

    expect(result?.passed).toBe(passed);
    expect(result?.evidence).toEqual([{ field: "spec.containers[0].resources.limits", value: limits ?? null }]);
  });
});
