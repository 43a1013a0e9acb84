import { describe, expect, it } from "vitest";
import { podRequests, schedulePod, type StandInNode } from "./schedule-pod";

const node: StandInNode = { name: "n1", labels: { "kubernetes.io/os": "linux" }, cpu: 2, memoryBytes: 4 * 1024 ** 3 };
const idle = { cpu: 0, memoryBytes: 0 };

function podWith(resources: object, nodeSelector?: Record<string, string>) {
  return { containers: [{ name: "main", image: "busybox", resources }], ...(nodeSelector ? { nodeSelector } : {}) };
}

describe("podRequests", () => {
  it("uses limits when requests are missing", () => {
    expect(podRequests(podWith({ limits: { cpu: "1", memory: "1Gi" } }))).toEqual({ cpu: 1, memoryBytes: 1024 ** 3 });
  });

  it("prefers requests over limits", () => {
    expect(podRequests(podWith({ requests: { cpu: "250m" }, limits: { cpu: "1" } })).cpu).toBe(0.25);
  });
});

describe("schedulePod", () => {
  it("schedules a pod that fits", () => {
    expect(schedulePod(podWith({ requests: { cpu: "1", memory: "1Gi" } }), node, idle)).toEqual({ scheduled: true });
  });

  it("rejects too much memory with the scheduler's message", () => {
    const decision = schedulePod(podWith({ requests: { memory: "64Gi" } }), node, idle);

    expect(decision.scheduled).toBe(false);
    expect(decision.scheduled ? "" : decision.message).toMatch(/^0\/1 nodes are available: 1 Insufficient memory\./);
  });

  it("counts what other pods on the node requested", () => {
    const decision = schedulePod(podWith({ requests: { cpu: "1500m" } }), node, { cpu: 1, memoryBytes: 0 });

    expect(decision.scheduled ? "" : decision.message).toContain("1 Insufficient cpu");
  });

  it("rejects a node selector the node lacks", () => {
    const decision = schedulePod(podWith({}, { "node-role.example/builder": "true" }), node, idle);

    expect(decision.scheduled ? "" : decision.message).toContain("didn't match Pod's node affinity/selector");
  });
});
