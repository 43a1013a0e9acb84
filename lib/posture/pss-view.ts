import type { Evidence, FindingSubject } from "./types";

/**
 * A setting as read from a pod spec or a container inspect output: its value in Pod Security Standards
 * terms (undefined when not set) and the fields it was read from.
 */
export interface Observed<T> {
  value: T;
  evidence: Evidence[];
}

export interface SeLinuxView {
  type?: string;
  user?: string;
  role?: string;
  level?: string;
  /** Docker's `label=disable`: the container runs without SELinux separation. */
  disabled?: boolean;
}

/** A pod-level or container-level security context in Pod Security Standards terms. */
export interface SecurityContextView {
  privileged: Observed<boolean | undefined>;
  /** Windows HostProcess containers. */
  hostProcess: Observed<boolean | undefined>;
  /** Capability names in upper case without the CAP_ prefix, such as "NET_ADMIN" or "ALL". */
  capabilitiesAdd: Observed<string[]>;
  capabilitiesDrop: Observed<string[]>;
  allowPrivilegeEscalation: Observed<boolean | undefined>;
  runAsNonRoot: Observed<boolean | undefined>;
  runAsUser: Observed<number | undefined>;
  /** "RuntimeDefault", "Localhost" or "Unconfined", as in seccompProfile.type. */
  seccompType: Observed<string | undefined>;
  /** "RuntimeDefault", "Localhost" or "Unconfined", as in appArmorProfile.type. */
  appArmorType: Observed<string | undefined>;
  seLinux: Observed<SeLinuxView | undefined>;
  /** "Default" or "Unmasked". */
  procMount: Observed<string | undefined>;
}

export interface ContainerView {
  name: string;
  context: SecurityContextView;
  /** Host ports the container publishes, such as "8080" or "0.0.0.0:8080->80/tcp". */
  hostPorts: Observed<string[]>;
  /** Hosts named by httpGet or tcpSocket probes and lifecycle handlers. */
  probeHosts: Observed<string[]>;
}

/**
 * Class of a volume for the Pod Security Standards: a host path (forbidden from baseline on), a type
 * the restricted level allows, or another type the restricted level forbids.
 */
export type VolumeClass = "host-path" | "allowed" | "restricted";

export interface VolumeView {
  name: string;
  /** The volume type as the source names it, such as "hostPath", "emptyDir", "bind" or "volume". */
  type: string;
  volumeClass: VolumeClass;
  /** Host path for host-path volumes. */
  hostPath?: string;
  evidence: Evidence[];
}

/** A pod, or a Docker container mapped onto the fields of a pod, for the Pod Security Standards checks. */
export interface WorkloadView {
  subject: FindingSubject;
  name: string;
  /** "pod" for a Kubernetes pod, "docker" for a container inspect output. */
  source: "pod" | "docker";
  hostNetwork: Observed<boolean | undefined>;
  hostPID: Observed<boolean | undefined>;
  hostIPC: Observed<boolean | undefined>;
  /** spec.hostUsers; false puts the pod in its own user namespace, which relaxes the non-root checks. */
  hostUsers: Observed<boolean | undefined>;
  /** Pod-level security context; Docker has none. */
  podContext?: SecurityContextView;
  sysctls: Observed<string[]>;
  volumes: VolumeView[];
  /** Pod annotations that older clusters read for AppArmor and seccomp. */
  annotations: Record<string, string>;
  containers: ContainerView[];
}

/**
 * Builds an observation of one field. `rawValue` is the field's value as the source wrote it, shown as
 * evidence, when it differs from the value in Pod Security Standards terms.
 */
export function observe<T>(field: string, value: T, rawValue: unknown = value): Observed<T> {
  return { value, evidence: [{ field, value: rawValue ?? null }] };
}
