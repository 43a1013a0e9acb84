import type { Severity } from "./types";

/**
 * A recommendation of the CIS Docker Benchmark. Numbers and titles follow CIS Docker Benchmark v1.2.0
 * (the same numbers as v1.1.0 for these items), as docker/docker-bench-security's
 * tests/5_container_runtime.sh implements it. Editions from v1.5.0 on add an item and shift most
 * numbers by one, so "cis-docker.5.4" here is "5.5" there.
 */
export interface CisDockerControl {
  id: string;
  title: string;
  severity: Severity;
  passed: string;
  remediation: string;
}

export const CIS_DOCKER_CONTROLS = {
  user: {
    id: "cis-docker.4.1",
    title: "Ensure a user for the container has been created",
    severity: "medium",
    passed: "The container runs as a user other than root.",
    remediation: "Set a non-root USER in the image, or run the container with --user UID:GID.",
  },
  appArmor: {
    id: "cis-docker.5.1",
    title: "Ensure that, if applicable, an AppArmor Profile is enabled",
    severity: "medium",
    passed: "An AppArmor profile confines the container.",
    remediation: "Run on a host with AppArmor and without --security-opt apparmor=unconfined, so that docker-default applies.",
  },
  seLinux: {
    id: "cis-docker.5.2",
    title: "Ensure that, if applicable, SELinux security options are set",
    severity: "low",
    passed: "SELinux labels separate the container from the host.",
    remediation: "On an SELinux host, start dockerd with --selinux-enabled and never pass --security-opt label=disable.",
  },
  capabilities: {
    id: "cis-docker.5.3",
    title: "Ensure that Linux kernel capabilities are restricted within containers",
    severity: "high",
    passed: "The container adds no capability beyond Docker's default set.",
    remediation: "Remove --cap-add entries, or drop ALL and add back only what a tool needs.",
  },
  privileged: {
    id: "cis-docker.5.4",
    title: "Ensure that privileged containers are not used",
    severity: "critical",
    passed: "The container does not run in privileged mode.",
    remediation: "Run without --privileged. For builds, a daemonless builder such as Kaniko needs no privileged mode.",
  },
  sensitiveDirectories: {
    id: "cis-docker.5.5",
    title: "Ensure sensitive host system directories are not mounted on containers",
    severity: "high",
    passed: "No host system directory (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr) is mounted.",
    remediation: "Remove bind mounts of host system directories; mount them read-only where one is unavoidable.",
  },
  privilegedPorts: {
    id: "cis-docker.5.7",
    title: "Ensure privileged ports are not mapped within containers",
    severity: "low",
    passed: "No host port below 1024 is mapped to the container.",
    remediation: "Publish on a host port of 1024 or above, or not at all.",
  },
  hostNetwork: {
    id: "cis-docker.5.9",
    title: "Ensure that the host's network namespace is not shared",
    severity: "high",
    passed: "The container has its own network namespace.",
    remediation: "Drop --network host; use a bridge network or --network none.",
  },
  memory: {
    id: "cis-docker.5.10",
    title: "Ensure that the memory usage for containers is limited",
    severity: "medium",
    passed: "The container has a memory limit.",
    remediation: "Set --memory to a limit that fits the build.",
  },
  cpu: {
    id: "cis-docker.5.11",
    title: "Ensure that CPU priority is set appropriately on containers",
    severity: "low",
    passed: "The container has a CPU share or a CPU limit.",
    remediation: "Set --cpus or --cpu-shares so that one build cannot take every core.",
  },
  readOnlyRootfs: {
    id: "cis-docker.5.12",
    title: "Ensure that the container's root filesystem is mounted as read only",
    severity: "low",
    passed: "The container's root filesystem is read-only.",
    remediation:
      "Run with --read-only and give writable paths their own volumes. Builders that unpack images into their root filesystem cannot.",
  },
  restartPolicy: {
    id: "cis-docker.5.14",
    title: "Ensure that the 'on-failure' container restart policy is set to '5'",
    severity: "low",
    passed: "The container is not restarted without bound.",
    remediation: "Use --restart no for one-shot builds, or --restart on-failure:5.",
  },
  hostPid: {
    id: "cis-docker.5.15",
    title: "Ensure that the host's process namespace is not shared",
    severity: "high",
    passed: "The container has its own process namespace.",
    remediation: "Drop --pid host.",
  },
  hostIpc: {
    id: "cis-docker.5.16",
    title: "Ensure that the host's IPC namespace is not shared",
    severity: "high",
    passed: "The container has its own IPC namespace.",
    remediation: "Drop --ipc host.",
  },
  devices: {
    id: "cis-docker.5.17",
    title: "Ensure that host devices are not directly exposed to containers",
    severity: "high",
    passed: "No host device is passed into the container.",
    remediation: "Remove --device and --device-cgroup-rule.",
  },
  mountPropagation: {
    id: "cis-docker.5.19",
    title: "Ensure mount propagation mode is not set to shared",
    severity: "medium",
    passed: "No mount propagates mounts between the container and the host.",
    remediation: "Use the default private propagation instead of shared or rshared.",
  },
  hostUts: {
    id: "cis-docker.5.20",
    title: "Ensure that the host's UTS namespace is not shared",
    severity: "medium",
    passed: "The container has its own UTS namespace.",
    remediation: "Drop --uts host.",
  },
  seccomp: {
    id: "cis-docker.5.21",
    title: "Ensure the default seccomp profile is not Disabled",
    severity: "high",
    passed: "A seccomp filter limits the system calls the container can make.",
    remediation: "Drop --security-opt seccomp=unconfined and --privileged.",
  },
  noNewPrivileges: {
    id: "cis-docker.5.25",
    title: "Ensure that the container is restricted from acquiring additional privileges",
    severity: "medium",
    passed: "no-new-privileges stops processes in the container from gaining privileges through set-user-ID programs.",
    remediation: "Add --security-opt no-new-privileges.",
  },
  pidsLimit: {
    id: "cis-docker.5.28",
    title: "Ensure that the PIDs cgroup limit is used",
    severity: "medium",
    passed: "The container has a PIDs limit, so a fork bomb in a build step stays inside it.",
    remediation: "Set --pids-limit, for example to 4096 for a build.",
  },
  hostUserns: {
    id: "cis-docker.5.30",
    title: "Ensure that the host's user namespaces are not shared",
    severity: "medium",
    passed: "The container does not opt out of the daemon's user namespace remapping.",
    remediation: "Drop --userns host.",
  },
  dockerSocket: {
    id: "cis-docker.5.31",
    title: "Ensure that the Docker socket is not mounted inside any containers",
    severity: "critical",
    passed: "The host's Docker socket is not mounted into the container.",
    remediation:
      "Do not mount /var/run/docker.sock or a folder that contains it. Build with a daemonless builder or an isolated daemon instead.",
  },
} as const satisfies Record<string, CisDockerControl>;

/** Capabilities Docker 20.10 grants by default; adding one of these changes nothing. */
export const DOCKER_DEFAULT_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "NET_RAW",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** Host directories whose mounting the benchmark warns against. */
export const SENSITIVE_HOST_DIRECTORIES = ["/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"];
