import {
  CIS_DOCKER_CONTROLS,
  DOCKER_DEFAULT_CAPABILITIES,
  SENSITIVE_HOST_DIRECTORIES,
  type CisDockerControl,
} from "./cis-docker-controls";
import type { DockerInspect } from "./docker-inspect-schema";
import { exposesDockerSocket } from "./exposes-docker-socket";
import { normalizeCapability } from "./normalize-capability";
import type { SecurityOptions } from "./parse-security-opt";
import { ESCAPE_CAPABILITIES } from "./pss-controls";
import type { ControlResult } from "./pss-checks";
import type { DockerMount } from "./read-docker-mounts";
import { readDockerUser } from "./read-docker-user";
import type { Evidence } from "./types";

/** Facts the CIS Docker checks read from one container. */
export interface DockerFacts {
  inspect: DockerInspect;
  mounts: DockerMount[];
  options: SecurityOptions;
}

export interface CisDockerCheck {
  control: CisDockerControl;
  check: (facts: DockerFacts) => ControlResult;
}

/** The container-runtime recommendations of the CIS Docker Benchmark that apply to a build container. */
export const CIS_DOCKER_CHECKS: CisDockerCheck[] = [
  { control: CIS_DOCKER_CONTROLS.user, check: checkUser },
  { control: CIS_DOCKER_CONTROLS.appArmor, check: checkAppArmor },
  { control: CIS_DOCKER_CONTROLS.seLinux, check: checkSeLinux },
  { control: CIS_DOCKER_CONTROLS.capabilities, check: checkCapabilities },
  { control: CIS_DOCKER_CONTROLS.privileged, check: checkPrivileged },
  { control: CIS_DOCKER_CONTROLS.sensitiveDirectories, check: checkSensitiveDirectories },
  { control: CIS_DOCKER_CONTROLS.privilegedPorts, check: checkPrivilegedPorts },
  { control: CIS_DOCKER_CONTROLS.hostNetwork, check: (facts) => checkHostMode(facts, "NetworkMode", "network") },
  { control: CIS_DOCKER_CONTROLS.memory, check: checkMemory },
  { control: CIS_DOCKER_CONTROLS.cpu, check: checkCpu },
  { control: CIS_DOCKER_CONTROLS.readOnlyRootfs, check: checkReadOnlyRootfs },
  { control: CIS_DOCKER_CONTROLS.restartPolicy, check: checkRestartPolicy },
  { control: CIS_DOCKER_CONTROLS.hostPid, check: (facts) => checkHostMode(facts, "PidMode", "process") },
  { control: CIS_DOCKER_CONTROLS.hostIpc, check: (facts) => checkHostMode(facts, "IpcMode", "IPC") },
  { control: CIS_DOCKER_CONTROLS.devices, check: checkDevices },
  { control: CIS_DOCKER_CONTROLS.mountPropagation, check: checkMountPropagation },
  { control: CIS_DOCKER_CONTROLS.hostUts, check: (facts) => checkHostMode(facts, "UTSMode", "UTS") },
  { control: CIS_DOCKER_CONTROLS.seccomp, check: checkSeccomp },
  { control: CIS_DOCKER_CONTROLS.noNewPrivileges, check: checkNoNewPrivileges },
  { control: CIS_DOCKER_CONTROLS.pidsLimit, check: checkPidsLimit },
  { control: CIS_DOCKER_CONTROLS.hostUserns, check: (facts) => checkHostMode(facts, "UsernsMode", "user") },
  { control: CIS_DOCKER_CONTROLS.dockerSocket, check: checkDockerSocket },
];

function pass(evidence: Evidence[]): ControlResult {
  return { passed: true, evidence };
}

function fail(evidence: Evidence[], failure: string, severity?: ControlResult["severity"]): ControlResult {
  return { passed: false, evidence, failure, severity };
}

function mountEvidence(mounts: DockerMount[]): Evidence[] {
  return mounts.map((mount) => ({ field: mount.field, value: mount.raw }));
}

// CIS 4.1 reads Config.User: empty means root. A user name other than root counts as a created user.
function checkUser({ inspect }: DockerFacts): ControlResult {
  const evidence = [{ field: "Config.User", value: inspect.Config?.User ?? null }];
  if (readDockerUser(inspect.Config?.User).uid === 0) {
    return fail(evidence, "The container runs as root, so a build step has root's rights inside it and on everything mounted into it.");
  }
  return pass(evidence);
}

function checkAppArmor({ inspect, options }: DockerFacts): ControlResult {
  const profile = options.apparmor ?? inspect.AppArmorProfile ?? "";
  const evidence = [
    { field: "AppArmorProfile", value: inspect.AppArmorProfile ?? null },
    { field: "HostConfig.SecurityOpt", value: options.entries.apparmor ?? null },
  ];

  if (profile === "unconfined") return fail(evidence, "AppArmor is turned off for the container.");
  if (profile === "") {
    const failure =
      "No AppArmor profile was applied. On a host without AppArmor this cannot be changed, and other layers must confine the container.";
    return fail(evidence, failure, "low");
  }
  return pass(evidence);
}

function checkSeLinux({ inspect, options }: DockerFacts): ControlResult {
  const evidence = [
    { field: "HostConfig.SecurityOpt", value: options.entries.label.length ? options.entries.label : null },
    { field: "ProcessLabel", value: inspect.ProcessLabel ?? null },
  ];

  if (options.label.disable) return fail(evidence, "SELinux labelling is turned off for the container.", "medium");
  if (!inspect.ProcessLabel && options.entries.label.length === 0) {
    return fail(
      evidence,
      "The container has no SELinux label. On a host without SELinux this cannot be changed, and other layers must confine the container.",
    );
  }
  return pass(evidence);
}

function checkCapabilities({ inspect }: DockerFacts): ControlResult {
  const added = (inspect.HostConfig.CapAdd ?? []).map(normalizeCapability);
  const extra = added.filter((capability) => !DOCKER_DEFAULT_CAPABILITIES.has(capability));
  const evidence = [
    { field: "HostConfig.CapAdd", value: inspect.HostConfig.CapAdd ?? null },
    { field: "HostConfig.CapDrop", value: inspect.HostConfig.CapDrop ?? null },
  ];

  if (extra.length === 0) return pass(evidence);
  const escape = extra.filter((capability) => ESCAPE_CAPABILITIES.has(capability));
  return fail(
    evidence,
    `The container adds ${extra.join(", ")} beyond Docker's default capabilities` +
      (escape.length ? `; ${escape.join(", ")} gives root in the container known ways onto the host.` : "."),
    escape.length ? "critical" : undefined,
  );
}

function checkPrivileged({ inspect }: DockerFacts): ControlResult {
  const evidence = [{ field: "HostConfig.Privileged", value: inspect.HostConfig.Privileged ?? null }];
  if (inspect.HostConfig.Privileged !== true) return pass(evidence);
  return fail(
    evidence,
    "The container runs privileged, with every capability and host device and without seccomp or AppArmor, so root inside it is root on the host.",
  );
}

function checkSensitiveDirectories({ mounts }: DockerFacts): ControlResult {
  const binds = mounts.filter((mount) => mount.type === "bind");
  const isSensitive = (source: string) =>
    source === "/" || SENSITIVE_HOST_DIRECTORIES.some((directory) => source === directory || source.startsWith(`${directory}/`));
  const sensitive = binds.filter((mount) => isSensitive(mount.source));

  if (sensitive.length === 0) return pass(mountEvidence(binds));
  const writable = sensitive.filter((mount) => !mount.readOnly);
  let severity: ControlResult["severity"] = "medium";
  if (writable.length > 0) severity = "high";
  if (writable.some((mount) => mount.source === "/")) severity = "critical";

  return fail(
    mountEvidence(sensitive),
    `The container mounts ${sensitive.map((mount) => `${mount.source} (${mount.readOnly ? "read-only" : "read-write"})`).join(", ")} from the host` +
      (writable.length ? ", and can change those host files." : "."),
    severity,
  );
}

function checkPrivilegedPorts({ inspect }: DockerFacts): ControlResult {
  const bindings = inspect.HostConfig.PortBindings ?? {};
  const evidence = [{ field: "HostConfig.PortBindings", value: inspect.HostConfig.PortBindings ?? null }];
  const low = Object.values(bindings)
    .flatMap((list) => list ?? [])
    .map((binding) => Number(binding.HostPort))
    .filter((port) => Number.isInteger(port) && port > 0 && port < 1024);

  if (low.length === 0) return pass(evidence);
  return fail(evidence, `The container is published on privileged host ${low.length > 1 ? "ports" : "port"} ${low.join(", ")}.`);
}

function checkHostMode(
  { inspect }: DockerFacts,
  field: "NetworkMode" | "PidMode" | "IpcMode" | "UTSMode" | "UsernsMode",
  namespace: string,
): ControlResult {
  const value = inspect.HostConfig[field];
  const evidence = [{ field: `HostConfig.${field}`, value: value ?? null }];
  if (value !== "host") return pass(evidence);

  const consequence: Record<string, string> = {
    network: "it reaches every service listening on the host, including ones bound to the loopback address",
    process: "it sees every process on the host",
    IPC: "it can read and write the host's shared memory",
    UTS: "it can change the host's hostname",
    user: "root in it is root on the host even when the daemon remaps users",
  };
  return fail(evidence, `The container shares the host's ${namespace} namespace: ${consequence[namespace]}.`);
}

function checkMemory({ inspect }: DockerFacts): ControlResult {
  const evidence = [{ field: "HostConfig.Memory", value: inspect.HostConfig.Memory ?? null }];
  if ((inspect.HostConfig.Memory ?? 0) > 0) return pass(evidence);
  return fail(evidence, "The container has no memory limit, so a build step can exhaust the host's memory.");
}

function checkCpu({ inspect }: DockerFacts): ControlResult {
  const host = inspect.HostConfig;
  const evidence = [
    { field: "HostConfig.NanoCpus", value: host.NanoCpus ?? null },
    { field: "HostConfig.CpuQuota", value: host.CpuQuota ?? null },
    { field: "HostConfig.CpuShares", value: host.CpuShares ?? null },
  ];
  if ((host.NanoCpus ?? 0) > 0 || (host.CpuQuota ?? 0) > 0 || (host.CpuShares ?? 0) > 0) return pass(evidence);
  return fail(evidence, "The container has no CPU limit or share, so a build step can take every core of the host.");
}

function checkReadOnlyRootfs({ inspect }: DockerFacts): ControlResult {
  const evidence = [{ field: "HostConfig.ReadonlyRootfs", value: inspect.HostConfig.ReadonlyRootfs ?? null }];
  if (inspect.HostConfig.ReadonlyRootfs === true) return pass(evidence);
  return fail(evidence, "The container's root filesystem is writable, so a build step can change the tools that run after it.");
}

function checkRestartPolicy({ inspect }: DockerFacts): ControlResult {
  const policy = inspect.HostConfig.RestartPolicy;
  const name = policy?.Name ?? "";
  const evidence = [{ field: "HostConfig.RestartPolicy", value: policy ?? null }];

  if (name === "" || name === "no") return pass(evidence);
  if (name === "on-failure" && (policy?.MaximumRetryCount ?? 0) > 0 && (policy?.MaximumRetryCount ?? 0) <= 5) return pass(evidence);
  return fail(
    evidence,
    `The restart policy "${name}" restarts the container without a bound, so a compromised build container comes back ` +
      "after a crash or a daemon restart.",
  );
}

function checkDevices({ inspect }: DockerFacts): ControlResult {
  const devices = inspect.HostConfig.Devices ?? [];
  const rules = inspect.HostConfig.DeviceCgroupRules ?? [];
  const evidence = [
    { field: "HostConfig.Devices", value: inspect.HostConfig.Devices ?? null },
    { field: "HostConfig.DeviceCgroupRules", value: inspect.HostConfig.DeviceCgroupRules ?? null },
  ];

  if (devices.length === 0 && rules.length === 0) return pass(evidence);
  const parts: string[] = [];
  if (devices.length) parts.push(`host ${devices.length > 1 ? "devices" : "device"} ${devices.map((device) => device.PathOnHost).join(", ")}`);
  if (rules.length) parts.push(`device cgroup ${rules.length > 1 ? "rules" : "rule"} ${rules.join(", ")}`);
  return fail(
    evidence,
    `The container is given ${parts.join(" and ")}, and a host disk or memory device gives root in the container the host's data.`,
  );
}

function checkMountPropagation({ mounts }: DockerFacts): ControlResult {
  const shared = mounts.filter((mount) => mount.propagation === "shared" || mount.propagation === "rshared");
  if (shared.length === 0) return pass(mountEvidence(mounts.filter((mount) => mount.type === "bind")));
  const destinations = shared.map((mount) => mount.destination).join(", ");
  return fail(mountEvidence(shared), `Mounts made in the container under ${destinations} appear on the host.`);
}

function checkSeccomp({ inspect, options }: DockerFacts): ControlResult {
  const evidence = [
    { field: "HostConfig.SecurityOpt", value: options.entries.seccomp ?? inspect.HostConfig.SecurityOpt ?? null },
    { field: "HostConfig.Privileged", value: inspect.HostConfig.Privileged ?? null },
  ];
  if (options.seccomp?.toLowerCase() === "unconfined") {
    return fail(evidence, "The seccomp filter is turned off, so every system call of the host's kernel is open to the container.");
  }
  if (inspect.HostConfig.Privileged === true) return fail(evidence, "Docker applies no seccomp filter to a privileged container.");
  return pass(evidence);
}

function checkNoNewPrivileges({ inspect, options }: DockerFacts): ControlResult {
  const evidence = [{ field: "HostConfig.SecurityOpt", value: options.entries.noNewPrivileges ?? inspect.HostConfig.SecurityOpt ?? null }];
  if (options.noNewPrivileges) return pass(evidence);
  return fail(evidence, "no-new-privileges is not set, so a process in the container can gain privileges through a set-user-ID program.");
}

function checkPidsLimit({ inspect }: DockerFacts): ControlResult {
  const limit = inspect.HostConfig.PidsLimit;
  const evidence = [{ field: "HostConfig.PidsLimit", value: limit ?? null }];
  if (limit !== null && limit !== undefined && limit > 0) return pass(evidence);
  return fail(evidence, "The container has no PIDs limit, so a fork bomb in a build step can exhaust the host's process table.");
}

function checkDockerSocket({ mounts }: DockerFacts): ControlResult {
  const binds = mounts.filter((mount) => mount.type === "bind");
  const socket = binds.filter((mount) => exposesDockerSocket(mount.source) || mount.destination.endsWith("/docker.sock"));
  if (socket.length === 0) return pass(mountEvidence(binds));
  return fail(
    mountEvidence(socket),
    `A Docker daemon socket is mounted into the container (${socket.map((mount) => mount.source).join(", ")}): ` +
      "anything running in it can ask that root daemon for a privileged container that mounts the host's filesystem.",
  );
}
