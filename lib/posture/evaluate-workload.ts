import type { z } from "zod";
import type { Workload } from "../strategies/types";
import { checkCisDockerRuntime } from "./check-cis-docker-runtime";
import { checkHostDaemon, HOST_DAEMON_WORKLOAD, type HostDaemonFacts } from "./check-host-daemon";
import { checkPodResources } from "./check-pod-resources";
import { checkPodSecurityStandards } from "./check-pod-security-standards";
import { dockerInfoSchema } from "./docker-info-schema";
import { dockerInspectSchema } from "./docker-inspect-schema";
import { exposesDockerSocket } from "./exposes-docker-socket";
import { mapDockerToPssView } from "./map-docker-to-pss-view";
import { mapPodToPssView } from "./map-pod-to-pss-view";
import { podSchema, type Pod } from "./pod-schema";
import type { WorkloadView } from "./pss-view";
import { pssLevelOf } from "./pss-level-of";
import { readDockerUser } from "./read-docker-user";
import type { Finding, FindingSubject, WorkloadPosture } from "./types";

/** The findings and facts of one workload, for the report and its summary. */
export interface WorkloadEvaluation {
  posture: WorkloadPosture;
  findings: Finding[];
  kind: Workload["kind"];
  /** The role of a Docker container. */
  role?: "builder" | "daemon" | "client";
  /** Whether the container's processes run as root; undefined when unknown or not a container. */
  runsAsRoot?: boolean;
  /** Whether a Docker daemon socket is mounted into the container or pod. */
  holdsDockerSocket?: boolean;
  hostDaemon?: HostDaemonFacts;
}

/** Evaluates one workload that a run reported. Unreadable evidence becomes a finding, never an exception. */
export function evaluateWorkload(workload: Workload, index: number): WorkloadEvaluation {
  switch (workload.kind) {
    case "docker-container":
      return evaluateDockerContainer(workload.inspect, workload.role, index);
    case "pod":
      return evaluatePod(workload.spec, index);
    case "host-daemon":
      return evaluateHostDaemon(workload.info, workload.socketPath);
  }
}

function evaluateDockerContainer(input: unknown, role: "builder" | "daemon" | "client", index: number): WorkloadEvaluation {
  const subject: FindingSubject = role === "daemon" ? "daemon" : "container";
  const parsed = dockerInspectSchema.safeParse(input);
  if (!parsed.success) {
    return unreadable("docker-container", subject, `${role} container ${index + 1}`, "container inspect output", parsed.error, role);
  }

  const inspect = parsed.data;
  const name = inspect.Name?.replace(/^\//, "") || inspect.Id?.slice(0, 12) || `${role} container ${index + 1}`;
  const view = mapDockerToPssView(inspect, subject, name);
  const pssFindings = checkPodSecurityStandards(view);

  return {
    posture: { subject, workload: name, pssLevel: pssLevelOf(pssFindings) },
    findings: [...pssFindings, ...checkCisDockerRuntime(inspect, subject, name)],
    kind: "docker-container",
    role,
    runsAsRoot: readDockerUser(inspect.Config?.User).uid === 0,
    holdsDockerSocket: holdsDockerSocket(view),
  };
}

function evaluatePod(input: unknown, index: number): WorkloadEvaluation {
  // The strategy hands over the Pod as created; a bare PodSpec is accepted too.
  const isBareSpec = typeof input === "object" && input !== null && !("spec" in input) && "containers" in input;
  const parsed = podSchema.safeParse(isBareSpec ? { spec: input } : input);
  if (!parsed.success) return unreadable("pod", "pod", `pod ${index + 1}`, "pod spec", parsed.error);

  const pod = parsed.data;
  const name = pod.metadata?.name || `pod ${index + 1}`;
  const view = mapPodToPssView(pod, name);
  const pssFindings = checkPodSecurityStandards(view);

  return {
    posture: { subject: "pod", workload: name, pssLevel: pssLevelOf(pssFindings) },
    findings: [...pssFindings, ...checkPodResources(pod, name)],
    kind: "pod",
    runsAsRoot: podRunsAsRoot(pod),
    holdsDockerSocket: holdsDockerSocket(view),
  };
}

function evaluateHostDaemon(input: unknown, socketPath: string | undefined): WorkloadEvaluation {
  const parsed = dockerInfoSchema.safeParse(input);
  const { findings, facts } = checkHostDaemon(parsed.success ? parsed.data : undefined, socketPath);

  if (!parsed.success) {
    findings.push(unreadableFinding("host-daemon", HOST_DAEMON_WORKLOAD, "daemon's /info output", parsed.error, "low"));
  }
  return {
    posture: { subject: "host-daemon", workload: HOST_DAEMON_WORKLOAD, pssLevel: pssLevelOf(findings) },
    findings,
    kind: "host-daemon",
    hostDaemon: facts,
  };
}

// Without runAsUser or runAsNonRoot the image's user applies, which the pod spec does not show.
function podRunsAsRoot(pod: Pod): boolean | undefined {
  const podContext = pod.spec.securityContext;
  const users = pod.spec.containers.map((container) => {
    const context = container.securityContext;
    const runAsUser = context?.runAsUser ?? podContext?.runAsUser;
    const runAsNonRoot = context?.runAsNonRoot ?? podContext?.runAsNonRoot;
    if (runAsUser === 0) return true;
    if ((runAsUser !== undefined && runAsUser !== null) || runAsNonRoot === true) return false;
    return undefined;
  });

  if (users.includes(true)) return true;
  if (users.includes(undefined)) return undefined;
  return false;
}

function holdsDockerSocket(view: WorkloadView): boolean {
  return view.volumes.some((volume) => volume.volumeClass === "host-path" && exposesDockerSocket(volume.hostPath));
}

function unreadable(
  kind: Workload["kind"],
  subject: FindingSubject,
  workload: string,
  description: string,
  error: z.ZodError,
  role?: "builder" | "daemon" | "client",
): WorkloadEvaluation {
  return {
    posture: { subject, workload, pssLevel: null },
    findings: [unreadableFinding(subject, workload, description, error, "high")],
    kind,
    role,
  };
}

function unreadableFinding(
  subject: FindingSubject,
  workload: string,
  description: string,
  error: z.ZodError,
  severity: Finding["severity"],
): Finding {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(top level)";

  return {
    subject,
    workload,
    control: "buildlab.evidence.readable",
    title: `The ${description} could be read`,
    severity,
    passed: false,
    evidence: { field: where, value: issue?.message ?? error.message },
    explanation: `The ${description} is invalid at ${where} (${issue?.message ?? "unexpected shape"}), so no control was evaluated on it.`,
    remediation: `Check that the strategy hands over the ${description} as Docker or Kubernetes returned it.`,
  };
}
