import type { DockerInspect } from "./docker-inspect-schema";
import { parseSecurityOpt, type SecurityOptions } from "./parse-security-opt";
import { observe, type Observed, type SecurityContextView, type VolumeView, type WorkloadView } from "./pss-view";
import { readDockerMounts } from "./read-docker-mounts";
import type { FindingSubject } from "./types";
import { normalizeCapability } from "./normalize-capability";
import { readDockerUser } from "./read-docker-user";

/**
 * Maps a Docker container's inspect output onto the pod fields that the Pod Security Standards restrict,
 * so that Docker containers and pods are rated on one scale:
 *
 * | Pod Security Standards control | Pod field                         | Docker inspect field                              |
 * | ------------------------------ | --------------------------------- | ------------------------------------------------- |
 * | HostProcess                    | windowsOptions.hostProcess        | none: Docker has no HostProcess containers        |
 * | Host namespaces                | hostNetwork, hostPID, hostIPC     | HostConfig.NetworkMode, PidMode, IpcMode = "host"  |
 * | Privileged containers          | securityContext.privileged        | HostConfig.Privileged                             |
 * | Capabilities                   | capabilities.add, .drop           | HostConfig.CapAdd, CapDrop                        |
 * | HostPath volumes               | volumes[*].hostPath               | bind and npipe mounts, HostConfig.Devices         |
 * | Host ports                     | ports[*].hostPort                 | HostConfig.PortBindings, PublishAllPorts          |
 * | AppArmor                       | appArmorProfile.type              | SecurityOpt apparmor=, AppArmorProfile            |
 * | SELinux                        | seLinuxOptions                    | SecurityOpt label=                                |
 * | /proc mount type               | procMount: Unmasked               | HostConfig.MaskedPaths = [] (systempaths=unconfined) |
 * | Seccomp                        | seccompProfile.type               | SecurityOpt seccomp=, HostConfig.Privileged       |
 * | Sysctls                        | securityContext.sysctls           | HostConfig.Sysctls                                |
 * | Volume types                   | volumes[*] by type                | mount type and volume driver                      |
 * | Privilege escalation           | allowPrivilegeEscalation: false   | SecurityOpt no-new-privileges                     |
 * | Running as non-root (user)     | runAsNonRoot, runAsUser           | Config.User                                       |
 */
export function mapDockerToPssView(inspect: DockerInspect, subject: FindingSubject, name: string): WorkloadView {
  const host = inspect.HostConfig;
  const options = parseSecurityOpt(host.SecurityOpt);

  return {
    subject,
    name,
    source: "docker",
    hostNetwork: observe("HostConfig.NetworkMode", host.NetworkMode === "host", host.NetworkMode),
    hostPID: observe("HostConfig.PidMode", host.PidMode === "host", host.PidMode),
    hostIPC: observe("HostConfig.IpcMode", host.IpcMode === "host", host.IpcMode),
    // A user namespace that the daemon sets up (dockerd --userns-remap) does not show in the inspect output.
    hostUsers: observe("HostConfig.UsernsMode", undefined, host.UsernsMode),
    sysctls: observe("HostConfig.Sysctls", Object.keys(host.Sysctls ?? {}), host.Sysctls),
    volumes: readVolumes(inspect),
    annotations: {},
    containers: [
      {
        name,
        context: readContext(inspect, options),
        hostPorts: readHostPorts(inspect),
        // Docker health checks run inside the container; nothing probes another host.
        probeHosts: observe("Config.Healthcheck", [], inspect.Config?.Healthcheck),
      },
    ],
  };
}

function readContext(inspect: DockerInspect, options: SecurityOptions): SecurityContextView {
  const host = inspect.HostConfig;
  const user = readDockerUser(inspect.Config?.User);
  const securityOpt = host.SecurityOpt ?? null;

  return {
    privileged: observe("HostConfig.Privileged", host.Privileged === true, host.Privileged),
    hostProcess: observe("Platform", undefined, inspect.Platform),
    capabilitiesAdd: observe("HostConfig.CapAdd", (host.CapAdd ?? []).map(normalizeCapability), host.CapAdd),
    capabilitiesDrop: observe("HostConfig.CapDrop", (host.CapDrop ?? []).map(normalizeCapability), host.CapDrop),
    allowPrivilegeEscalation: observe("HostConfig.SecurityOpt", !options.noNewPrivileges, securityOpt),
    // The inspect output shows the effective user, merged from the image's USER when `--user` is not given.
    runAsNonRoot: observe("Config.User", user.uid !== undefined && user.uid !== 0, inspect.Config?.User),
    runAsUser: observe("Config.User", user.uid, inspect.Config?.User),
    seccompType: readSeccomp(host.Privileged === true, options, securityOpt),
    appArmorType: readAppArmor(inspect, options),
    seLinux: readSeLinux(options, securityOpt),
    procMount: readProcMount(host.Privileged === true, host.MaskedPaths),
  };
}

// Docker applies no seccomp filter to privileged containers. Without a seccomp option the daemon applies
// its default profile, which is what RuntimeDefault means for a pod.
function readSeccomp(privileged: boolean, options: SecurityOptions, securityOpt: string[] | null): Observed<string> {
  if (privileged) return observe("HostConfig.Privileged", "Unconfined", true);
  if (options.seccomp === undefined) return observe("HostConfig.SecurityOpt", "RuntimeDefault", securityOpt);

  const value = options.seccomp.toLowerCase();
  let type = "Localhost";
  if (value === "unconfined") type = "Unconfined";
  if (value === "builtin") type = "RuntimeDefault";
  return observe("HostConfig.SecurityOpt", type, options.entries.seccomp);
}

function readAppArmor(inspect: DockerInspect, options: SecurityOptions): Observed<string | undefined> {
  const evidence = [
    { field: "HostConfig.SecurityOpt", value: options.entries.apparmor ?? null },
    { field: "AppArmorProfile", value: inspect.AppArmorProfile ?? null },
  ];
  const profile = options.apparmor ?? inspect.AppArmorProfile ?? "";

  // An empty AppArmorProfile means Docker applied none: the option was not given and the host may lack
  // AppArmor. That counts as "not set", which the baseline level allows.
  if (profile === "") return { value: undefined, evidence };
  if (profile === "unconfined") return { value: "Unconfined", evidence };
  if (profile === "docker-default") return { value: "RuntimeDefault", evidence };
  return { value: "Localhost", evidence };
}

function readSeLinux(options: SecurityOptions, securityOpt: string[] | null): Observed<SecurityContextView["seLinux"]["value"]> {
  const { disable, ...label } = options.label;
  const isSet = disable === true || Object.keys(label).length > 0;
  const rawValue = options.entries.label.length > 0 ? options.entries.label : securityOpt;
  return observe("HostConfig.SecurityOpt", isSet ? { ...label, disabled: disable } : undefined, rawValue);
}

// `--security-opt systempaths=unconfined` reaches the Engine API as empty MaskedPaths and ReadonlyPaths,
// which leaves /proc and /sys unmasked: the Docker form of procMount: Unmasked. Privileged containers get
// no masked paths either.
function readProcMount(privileged: boolean, maskedPaths: string[] | null | undefined): Observed<string | undefined> {
  if (privileged) return observe("HostConfig.Privileged", "Unmasked", true);
  if (maskedPaths && maskedPaths.length === 0) return observe("HostConfig.MaskedPaths", "Unmasked", maskedPaths);
  return observe("HostConfig.MaskedPaths", "Default", maskedPaths);
}

function readVolumes(inspect: DockerInspect): VolumeView[] {
  const volumes: VolumeView[] = readDockerMounts(inspect).map((mount) => {
    const evidence = [{ field: mount.field, value: mount.raw }];
    if (mount.type === "bind" || mount.type === "npipe") {
      return { name: mount.destination, type: mount.type, volumeClass: "host-path", hostPath: mount.source, evidence };
    }
    if (mount.type === "tmpfs") return { name: mount.destination, type: mount.type, volumeClass: "allowed", evidence };

    // A local named volume lives on the node and goes with the workload, like emptyDir. A volume plugin
    // reaches other storage, like the network volume types that the restricted level forbids.
    const local = mount.driver === "" || mount.driver === "local";
    const type = `volume (${mount.driver || "local"})`;
    return { name: mount.destination, type, volumeClass: local ? "allowed" : "restricted", evidence };
  });

  // A device is the Docker form of a hostPath volume of type BlockDevice or CharDevice.
  (inspect.HostConfig.Devices ?? []).forEach((device, index) => {
    volumes.push({
      name: device.PathInContainer ?? device.PathOnHost ?? `device ${index}`,
      type: "device",
      volumeClass: "host-path",
      hostPath: device.PathOnHost ?? undefined,
      evidence: [{ field: `HostConfig.Devices[${index}]`, value: device }],
    });
  });

  // VolumesFrom copies another container's mounts, which this inspect output does not show.
  (inspect.HostConfig.VolumesFrom ?? []).forEach((source, index) => {
    volumes.push({
      name: source,
      type: "volumes-from",
      volumeClass: "restricted",
      evidence: [{ field: `HostConfig.VolumesFrom[${index}]`, value: source }],
    });
  });

  return volumes;
}

// Docker publishes a binding with an empty HostPort on a random host port, so every binding counts.
function readHostPorts(inspect: DockerInspect): Observed<string[]> {
  const host = inspect.HostConfig;
  const ports: string[] = [];

  for (const [containerPort, bindings] of Object.entries(host.PortBindings ?? {})) {
    for (const binding of bindings ?? []) {
      ports.push(`${binding.HostIp || "0.0.0.0"}:${binding.HostPort || "(random)"}->${containerPort}`);
    }
  }
  if (host.PublishAllPorts) {
    for (const containerPort of Object.keys(inspect.Config?.ExposedPorts ?? {})) ports.push(`0.0.0.0:(random)->${containerPort}`);
  }

  return {
    value: ports,
    evidence: [
      { field: "HostConfig.PortBindings", value: host.PortBindings ?? null },
      { field: "HostConfig.PublishAllPorts", value: host.PublishAllPorts ?? null },
    ],
  };
}
