import type { V1PodSpec } from "@kubernetes/client-node";
import { parseQuantity } from "./parse-quantity";

/** The stand-in's single node. */
export interface StandInNode {
  name: string;
  labels: Record<string, string>;
  /** Allocatable CPU, in cores. */
  cpu: number;
  /** Allocatable memory, in bytes. */
  memoryBytes: number;
}

export interface ResourceAmounts {
  cpu: number;
  memoryBytes: number;
}

export type SchedulingDecision = { scheduled: true } | { scheduled: false; message: string };

/**
 * Sums a pod's CPU and memory requests. As the API server's defaulting does, a container's request
 * is its limit when only the limit is set.
 */
export function podRequests(spec: V1PodSpec): ResourceAmounts {
  let cpu = 0;
  let memoryBytes = 0;
  for (const container of spec.containers) {
    const requests = { ...container.resources?.limits, ...container.resources?.requests };
    if (requests.cpu !== undefined) cpu += parseQuantity(requests.cpu);
    if (requests.memory !== undefined) memoryBytes += parseQuantity(requests.memory);
  }
  return { cpu, memoryBytes };
}

/**
 * Decides whether a pod fits the node, the way kube-scheduler's NodeResourcesFit and NodeAffinity
 * filters do for nodeSelector and requests, with the scheduler's message when it does not.
 */
export function schedulePod(spec: V1PodSpec, node: StandInNode, requestedOnNode: ResourceAmounts): SchedulingDecision {
  const selector = spec.nodeSelector ?? {};
  const selectorMatches = Object.entries(selector).every(([key, value]) => node.labels[key] === value);
  if (!selectorMatches) {
    return {
      scheduled: false,
      message:
        "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. " +
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    };
  }

  const requests = podRequests(spec);
  const reasons: string[] = [];
  if (requestedOnNode.cpu + requests.cpu > node.cpu) reasons.push("1 Insufficient cpu");
  if (requestedOnNode.memoryBytes + requests.memoryBytes > node.memoryBytes) reasons.push("1 Insufficient memory");
  if (reasons.length > 0) {
    return {
      scheduled: false,
      message:
        `0/1 nodes are available: ${reasons.join(", ")}. ` +
        "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    };
  }

  return { scheduled: true };
}
