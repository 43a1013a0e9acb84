import type { Severity } from "./types";

/**
 * A Pod Security Standards control. Names, levels and allowed values follow the Kubernetes
 * "Pod Security Standards" page and the checks of k8s.io/pod-security-admission (policy/check_*.go),
 * which enforce it.
 */
export interface PssControl {
  id: string;
  level: "baseline" | "restricted";
  /** The control's name as the standard writes it. */
  name: string;
  severity: Severity;
  /** Meaning of a pass, in one sentence. */
  passed: string;
  remediation: { pod: string; docker: string };
}

export const PSS_CONTROLS = {
  hostProcess: {
    id: "pss.baseline.host-process",
    level: "baseline",
    name: "HostProcess",
    severity: "critical",
    passed: "No container is a Windows HostProcess container, which would run directly on the node.",
    remediation: {
      pod: "Remove windowsOptions.hostProcess or set it to false.",
      docker: "Docker Engine has no HostProcess containers; nothing to change.",
    },
  },
  hostNamespaces: {
    id: "pss.baseline.host-namespaces",
    level: "baseline",
    name: "Host Namespaces",
    severity: "high",
    passed: "The workload has its own network, process and IPC namespaces.",
    remediation: {
      pod: "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false.",
      docker: "Drop --network host, --pid host and --ipc host; reach a registry on the host through a published port or a bridge network.",
    },
  },
  privileged: {
    id: "pss.baseline.privileged",
    level: "baseline",
    name: "Privileged Containers",
    severity: "critical",
    passed: "No container runs in privileged mode.",
    remediation: {
      pod: "Remove securityContext.privileged or set it to false; a builder that needs no daemon, such as Kaniko, runs without it.",
      docker: "Run without --privileged; grant single capabilities with --cap-add only where a tool needs them.",
    },
  },
  capabilitiesBaseline: {
    id: "pss.baseline.capabilities",
    level: "baseline",
    name: "Capabilities",
    severity: "high",
    passed: "No container adds a capability beyond the default set that the baseline level allows.",
    remediation: {
      pod:
        "Remove capabilities beyond AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, " +
        "SETGID, SETPCAP, SETUID and SYS_CHROOT from capabilities.add.",
      docker: "Remove --cap-add entries beyond the baseline set, and never add ALL or SYS_ADMIN.",
    },
  },
  hostPathVolumes: {
    id: "pss.baseline.host-path-volumes",
    level: "baseline",
    name: "HostPath Volumes",
    severity: "high",
    passed: "No host path, host device or Docker socket is mounted into the workload.",
    remediation: {
      pod: "Replace hostPath volumes with emptyDir, configMap, secret or persistentVolumeClaim volumes.",
      docker: "Replace bind mounts and --device with named volumes; never mount the Docker socket or a folder that contains it.",
    },
  },
  hostPorts: {
    id: "pss.baseline.host-ports",
    level: "baseline",
    name: "Host Ports",
    severity: "medium",
    passed: "No container publishes a port on the host.",
    remediation: {
      pod: "Remove hostPort from the container ports; use a Service to reach the pod.",
      docker: "Remove -p/--publish and --publish-all; a build container needs no inbound port.",
    },
  },
  hostProbes: {
    id: "pss.baseline.host-probes",
    level: "baseline",
    name: "Host Probes / Lifecycle Hooks",
    severity: "low",
    passed: "No probe or lifecycle handler sends requests to another host.",
    remediation: {
      pod: "Remove the host field from httpGet and tcpSocket probes and lifecycle handlers.",
      docker: "Docker health checks run inside the container; nothing to change.",
    },
  },
  appArmor: {
    id: "pss.baseline.apparmor",
    level: "baseline",
    name: "AppArmor",
    severity: "medium",
    passed: "No container turns AppArmor off; the runtime default or a named profile applies where the host has AppArmor.",
    remediation: {
      pod: "Set appArmorProfile.type to RuntimeDefault or Localhost, and remove 'unconfined' AppArmor annotations.",
      docker: "Drop --security-opt apparmor=unconfined so that docker-default applies, or name a profile with --security-opt apparmor=PROFILE.",
    },
  },
  seLinux: {
    id: "pss.baseline.selinux",
    level: "baseline",
    name: "SELinux",
    severity: "medium",
    passed: "No container sets a custom SELinux user, role or type, or turns labelling off.",
    remediation: {
      pod: "Remove seLinuxOptions.user and .role, and keep .type to container_t, container_init_t or container_kvm_t.",
      docker: "Drop --security-opt label=disable and label=user:, label=role: or label=type: options.",
    },
  },
  procMount: {
    id: "pss.baseline.proc-mount",
    level: "baseline",
    name: "/proc Mount Type",
    severity: "medium",
    passed: "The default masks on /proc and /sys stay in place.",
    remediation: {
      pod: "Remove securityContext.procMount or set it to Default.",
      docker: "Drop --security-opt systempaths=unconfined and --privileged, which leave /proc and /sys unmasked.",
    },
  },
  seccompBaseline: {
    id: "pss.baseline.seccomp",
    level: "baseline",
    name: "Seccomp",
    severity: "high",
    passed: "No container turns the seccomp filter off.",
    remediation: {
      pod: "Set seccompProfile.type to RuntimeDefault or Localhost instead of Unconfined.",
      docker: "Drop --security-opt seccomp=unconfined and --privileged, so that the daemon's default seccomp profile applies.",
    },
  },
  sysctls: {
    id: "pss.baseline.sysctls",
    level: "baseline",
    name: "Sysctls",
    severity: "medium",
    passed: "Only sysctls that are safe inside one workload are set.",
    remediation: {
      pod:
        "Keep spec.securityContext.sysctls to kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, " +
        "net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies and net.ipv4.ping_group_range.",
      docker:
        "Keep --sysctl to the safe set: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, " +
        "net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies and net.ipv4.ping_group_range.",
    },
  },
  volumeTypes: {
    id: "pss.restricted.volume-types",
    level: "restricted",
    name: "Volume Types",
    severity: "medium",
    passed: "Every volume is of a type the restricted level allows.",
    remediation: {
      pod: "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes.",
      docker: "Use only tmpfs mounts and named volumes of the local driver.",
    },
  },
  privilegeEscalation: {
    id: "pss.restricted.privilege-escalation",
    level: "restricted",
    name: "Privilege Escalation",
    severity: "medium",
    passed: "Every container forbids gaining privileges through set-user-ID or set-group-ID programs.",
    remediation: {
      pod: "Set securityContext.allowPrivilegeEscalation to false on every container.",
      docker: "Add --security-opt no-new-privileges.",
    },
  },
  runAsNonRoot: {
    id: "pss.restricted.run-as-non-root",
    level: "restricted",
    name: "Running as Non-root",
    severity: "medium",
    passed: "Every container is required to run as a user other than root.",
    remediation: {
      pod: "Set securityContext.runAsNonRoot to true and give the image or the pod a non-zero numeric user.",
      docker: "Run with --user UID:GID with a non-zero numeric UID, or set a numeric non-root USER in the image.",
    },
  },
  runAsNonRootUser: {
    id: "pss.restricted.run-as-non-root-user",
    level: "restricted",
    name: "Running as Non-root user",
    severity: "medium",
    passed: "No container is set to run as user 0.",
    remediation: {
      pod: "Remove runAsUser: 0 from the pod and container security contexts.",
      docker: "Run with --user set to a non-zero UID instead of root or 0.",
    },
  },
  seccompRestricted: {
    id: "pss.restricted.seccomp",
    level: "restricted",
    name: "Seccomp",
    severity: "medium",
    passed: "Every container runs with the runtime's default seccomp profile or a named one.",
    remediation: {
      pod: "Set spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost) so that every container has a profile.",
      docker: "Drop --security-opt seccomp=unconfined and --privileged.",
    },
  },
  capabilitiesRestricted: {
    id: "pss.restricted.capabilities",
    level: "restricted",
    name: "Capabilities",
    severity: "medium",
    passed: "Every container drops all capabilities and adds back at most NET_BIND_SERVICE.",
    remediation: {
      pod: "Set capabilities.drop to [\"ALL\"] and add back only NET_BIND_SERVICE.",
      docker: "Run with --cap-drop ALL and add back only NET_BIND_SERVICE.",
    },
  },
} as const satisfies Record<string, PssControl>;

/** Capabilities the baseline level lets a container add: the container runtimes' default set without NET_RAW. */
export const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** Sysctls the baseline level allows, because they are namespaced and isolated from other workloads. */
export const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
]);

/** SELinux types the baseline level allows. */
export const ALLOWED_SELINUX_TYPES = new Set(["container_t", "container_init_t", "container_kvm_t"]);

/** Capabilities that by themselves give a known way out of a container. */
export const ESCAPE_CAPABILITIES = new Set(["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH"]);
