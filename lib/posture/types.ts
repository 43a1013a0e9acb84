export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Pod Security Standards levels, from the least to the most restricted. */
export const PSS_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PssLevel = (typeof PSS_LEVELS)[number];

/**
 * Subject of a finding: a Docker container (a Kaniko executor or a client), the container that runs the
 * Docker-in-Docker daemon, a Kubernetes pod, or the host's own Docker daemon reached through its socket.
 */
export type FindingSubject = "container" | "daemon" | "pod" | "host-daemon";

/**
 * One observed value and where it was read, such as { field: "HostConfig.Privileged", value: true }.
 * `value` is null when the field was not set.
 */
export interface Evidence {
  field: string;
  value: unknown;
}

/** One security control evaluated on what a run really used. */
export interface Finding {
  subject: FindingSubject;
  /** Name of the container, pod or daemon the finding is about, such as "/buildlab-dind-3f2a". */
  workload: string;
  /**
   * Stable identifier: `pss.<level>.<control>` for the Pod Security Standards,
   * `cis-docker.<number>` for the CIS Docker Benchmark and `buildlab.<topic>` for checks of neither.
   */
  control: string;
  title: string;
  /** Weight of the control when it fails; a passed finding keeps the weight of its control. */
  severity: Severity;
  passed: boolean;
  evidence: Evidence | Evidence[];
  /** One plain sentence on what the evidence means. */
  explanation: string;
  remediation: string;
}

/** The posture of one workload of a run. */
export interface WorkloadPosture {
  subject: FindingSubject;
  workload: string;
  /** Null when the workload's evidence could not be read. */
  pssLevel: PssLevel | null;
}

export interface PostureReport {
  /** Failed findings first, the most severe first; then passed findings in the same order. */
  findings: Finding[];
  /**
   * The Pod Security Standards level that every build workload of the run meets, which is the level of
   * the least restricted one. Null when no workload was reported or one could not be read.
   */
  pssLevel: PssLevel | null;
  workloads: WorkloadPosture[];
  /** Whether a finding gives code in the Dockerfile a known way onto the host or node. */
  hostTakeoverFromDockerfile: boolean;
  /** Whether a Docker daemon that runs as root took part in the build. */
  rootDaemonInvolved: boolean;
  /** Plain-words summary: who could take over the host or node, and whether a root daemon is involved. */
  summary: string;
}
