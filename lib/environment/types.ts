/** How one thing Buildlab depends on looks right now. */
export type ProbeStatus = "ok" | "warning" | "missing" | "unreachable";

export const PROBE_STATUSES: readonly ProbeStatus[] = ["ok", "warning", "missing", "unreachable"];

/** The step that fixes a problem: what to do, and the command that does it when there is one. */
export interface ProbeFix {
  description: string;
  command?: string;
}

/** The result of one check of the environment. */
export interface ProbeCheck {
  id: "docker-engine" | "privileged-mode" | "kubernetes" | "registry" | "kaniko-image" | "dind-image";
  title: string;
  status: ProbeStatus;
  /** The finding in one or two sentences. */
  summary: string;
  /** Facts such as versions and addresses, in display order. */
  details: { label: string; value: string }[];
  /** Present unless the status is "ok". */
  fix?: ProbeFix;
}

/** The state of everything Buildlab depends on, at one moment. */
export interface EnvironmentReport {
  checkedAt: string;
  checks: ProbeCheck[];
}
