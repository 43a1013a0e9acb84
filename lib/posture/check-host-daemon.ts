import { parseDaemonSecurityOptions, type DockerInfo } from "./docker-info-schema";
import { PSS_CONTROLS } from "./pss-controls";
import type { Evidence, Finding } from "./types";

export const HOST_DAEMON_WORKLOAD = "host Docker daemon";
const DEFAULT_SOCKET = "/var/run/docker.sock";

/** Facts about the socket strategy's host daemon, for the summary. */
export interface HostDaemonFacts {
  /** True when /info reports rootless mode; undefined when /info could not be read. */
  rootless: boolean | undefined;
  /** The daemon's default seccomp profile for the containers it starts, such as "default"; undefined when none. */
  seccompProfile: string | undefined;
}

/**
 * Evaluates a build that went through the host's Docker daemon socket. The central finding is the socket
 * itself, because anyone who controls the build requests controls the daemon, and the daemon can start a
 * privileged container that mounts the host's filesystem. The daemon's /info output shows how far that reaches.
 */
export function checkHostDaemon(
  info: DockerInfo | undefined,
  socketPath: string | undefined,
): { findings: Finding[]; facts: HostDaemonFacts } {
  const options = parseDaemonSecurityOptions(info?.SecurityOptions);
  const has = (name: string) => options.some((option) => option.name === name);
  const seccomp = options.find((option) => option.name === "seccomp");
  const rootless = info ? has("rootless") : undefined;
  const socket: Evidence = { field: "socketPath", value: socketPath ?? DEFAULT_SOCKET };
  const securityOptions: Evidence = { field: "info.SecurityOptions", value: info?.SecurityOptions ?? null };
  const base = { subject: "host-daemon", workload: HOST_DAEMON_WORKLOAD } as const;
  const owner = rootless ? "the user account the daemon runs as" : "root on the host";

  const findings: Finding[] = [
    {
      ...base,
      control: "buildlab.host-daemon.socket",
      title: "The build client has the host's Docker socket",
      severity: rootless ? "high" : "critical",
      passed: false,
      evidence: [socket, { field: "info.ServerVersion", value: info?.ServerVersion ?? null }, securityOptions],
      explanation:
        `Whoever controls the build requests, Buildlab's server or anything that takes it over, controls the host's Docker daemon, ` +
        `which can start a privileged container with the host's filesystem mounted: that is ${owner}` +
        (rootless === undefined ? ", unless the daemon runs rootless, which its unreadable /info output could not confirm." : "."),
      remediation:
        "Build with a daemonless builder such as Kaniko, or with a daemon of its own inside a container or VM. " +
        "Where the host socket must be used, run dockerd rootless and behind an authorization plugin.",
    },
    {
      ...base,
      control: PSS_CONTROLS.hostPathVolumes.id,
      title: `Pod Security Standards baseline: ${PSS_CONTROLS.hostPathVolumes.name}`,
      severity: "critical",
      passed: false,
      evidence: socket,
      explanation:
        "Access to the host's Docker socket gives what a hostPath volume of /var/run/docker.sock gives a pod, " +
        "so the build rates at the privileged level.",
      remediation: PSS_CONTROLS.hostPathVolumes.remediation.docker,
    },
  ];

  if (!info) return { findings, facts: { rootless, seccompProfile: undefined } };

  findings.push(
    {
      ...base,
      control: "buildlab.host-daemon.rootless",
      title: "The host's Docker daemon runs rootless",
      severity: "high",
      passed: has("rootless"),
      evidence: securityOptions,
      explanation: has("rootless")
        ? "The daemon runs as an unprivileged user, so control of it does not give root on the host."
        : "The daemon runs as root, so control of it is control of the host.",
      remediation: "Run dockerd in rootless mode (dockerd-rootless-setuptool.sh) for builds through the socket.",
    },
    {
      ...base,
      control: "cis-docker.2.8",
      title: "CIS Docker 2.8: Enable user namespace support",
      severity: "medium",
      passed: has("userns"),
      evidence: securityOptions,
      explanation: has("userns")
        ? "The daemon remaps root in containers to an unprivileged host user, but a client with the socket can still opt out " +
          "per container with --userns=host."
        : "The daemon does not remap users, so root in a build container is root on the host.",
      remediation: "Start dockerd with --userns-remap=default.",
    },
    {
      ...base,
      control: "cis-docker.2.11",
      title: "CIS Docker 2.11: Ensure that authorization for Docker client commands is enabled",
      severity: "medium",
      passed: (info.Plugins?.Authorization ?? []).length > 0,
      evidence: { field: "info.Plugins.Authorization", value: info.Plugins?.Authorization ?? null },
      explanation:
        (info.Plugins?.Authorization ?? []).length > 0
          ? "An authorization plugin checks each request on the socket, so a client can be kept from privileged containers and host mounts."
          : "No authorization plugin checks requests on the socket: any client may ask for privileged containers and host mounts.",
      remediation: "Start dockerd with --authorization-plugin and a policy that rejects privileged containers and host mounts.",
    },
    {
      ...base,
      control: "buildlab.host-daemon.seccomp",
      title: "The host's Docker daemon applies a seccomp profile to build containers",
      severity: "medium",
      passed: seccomp !== undefined && seccomp.profile !== "unconfined",
      evidence: securityOptions,
      explanation:
        seccomp !== undefined && seccomp.profile !== "unconfined"
          ? `The containers that run the Dockerfile's RUN steps get the daemon's "${seccomp.profile || "default"}" seccomp profile.`
          : "The containers that run the Dockerfile's RUN steps get no seccomp filter.",
      remediation: "Run dockerd on a kernel with seccomp and without --seccomp-profile=unconfined.",
    },
  );

  const seccompProfile = seccomp && seccomp.profile !== "unconfined" ? seccomp.profile || "default" : undefined;
  return { findings, facts: { rootless, seccompProfile } };
}
