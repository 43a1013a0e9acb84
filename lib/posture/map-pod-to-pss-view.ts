import { normalizeCapability } from "./normalize-capability";
import type { Pod, PodContainer } from "./pod-schema";
import { observe, type ContainerView, type SecurityContextView, type VolumeClass, type VolumeView, type WorkloadView } from "./pss-view";

// Volume types that the restricted level allows; hostPath and every other type are forbidden there.
const RESTRICTED_ALLOWED_VOLUME_TYPES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

/** Reads a pod's security-relevant fields for the Pod Security Standards checks. */
export function mapPodToPssView(pod: Pod, name: string): WorkloadView {
  const spec = pod.spec;
  const podContext = spec.securityContext;

  return {
    subject: "pod",
    name,
    source: "pod",
    hostNetwork: observe("spec.hostNetwork", spec.hostNetwork ?? undefined),
    hostPID: observe("spec.hostPID", spec.hostPID ?? undefined),
    hostIPC: observe("spec.hostIPC", spec.hostIPC ?? undefined),
    hostUsers: observe("spec.hostUsers", spec.hostUsers ?? undefined),
    podContext: {
      privileged: observe("spec.securityContext.privileged", undefined),
      hostProcess: observe("spec.securityContext.windowsOptions.hostProcess", podContext?.windowsOptions?.hostProcess ?? undefined),
      capabilitiesAdd: observe("spec.securityContext.capabilities.add", []),
      capabilitiesDrop: observe("spec.securityContext.capabilities.drop", []),
      allowPrivilegeEscalation: observe("spec.securityContext.allowPrivilegeEscalation", undefined),
      runAsNonRoot: observe("spec.securityContext.runAsNonRoot", podContext?.runAsNonRoot ?? undefined),
      runAsUser: observe("spec.securityContext.runAsUser", podContext?.runAsUser ?? undefined),
      seccompType: observe("spec.securityContext.seccompProfile.type", podContext?.seccompProfile?.type ?? undefined),
      appArmorType: observe("spec.securityContext.appArmorProfile.type", podContext?.appArmorProfile?.type ?? undefined),
      seLinux: observe("spec.securityContext.seLinuxOptions", cleanSeLinux(podContext?.seLinuxOptions)),
      procMount: observe("spec.securityContext.procMount", undefined),
    },
    sysctls: observe("spec.securityContext.sysctls", (podContext?.sysctls ?? []).map((sysctl) => sysctl.name), podContext?.sysctls),
    volumes: (spec.volumes ?? []).map((volume, index) => readVolume(volume, index)),
    annotations: pod.metadata?.annotations ?? {},
    containers: [
      ...spec.containers.map((container, index) => readContainer(container, `spec.containers[${index}]`)),
      ...(spec.initContainers ?? []).map((container, index) => readContainer(container, `spec.initContainers[${index}]`)),
      ...(spec.ephemeralContainers ?? []).map((container, index) => readContainer(container, `spec.ephemeralContainers[${index}]`)),
    ],
  };
}

function readContainer(container: PodContainer, path: string): ContainerView {
  const context = container.securityContext;
  const at = `${path}.securityContext`;

  const capabilities = context?.capabilities;
  const securityContext: SecurityContextView = {
    privileged: observe(`${at}.privileged`, context?.privileged ?? undefined),
    hostProcess: observe(`${at}.windowsOptions.hostProcess`, context?.windowsOptions?.hostProcess ?? undefined),
    capabilitiesAdd: observe(`${at}.capabilities.add`, (capabilities?.add ?? []).map(normalizeCapability), capabilities?.add),
    capabilitiesDrop: observe(`${at}.capabilities.drop`, (capabilities?.drop ?? []).map(normalizeCapability), capabilities?.drop),
    allowPrivilegeEscalation: observe(`${at}.allowPrivilegeEscalation`, context?.allowPrivilegeEscalation ?? undefined),
    runAsNonRoot: observe(`${at}.runAsNonRoot`, context?.runAsNonRoot ?? undefined),
    runAsUser: observe(`${at}.runAsUser`, context?.runAsUser ?? undefined),
    seccompType: observe(`${at}.seccompProfile.type`, context?.seccompProfile?.type ?? undefined),
    appArmorType: observe(`${at}.appArmorProfile.type`, context?.appArmorProfile?.type ?? undefined),
    seLinux: observe(`${at}.seLinuxOptions`, cleanSeLinux(context?.seLinuxOptions)),
    procMount: observe(`${at}.procMount`, context?.procMount ?? undefined),
  };

  const hostPorts = (container.ports ?? [])
    .map((port, index) => ({ index, hostPort: port.hostPort ?? 0 }))
    .filter((port) => port.hostPort !== 0);

  return {
    name: container.name,
    context: securityContext,
    hostPorts: {
      value: hostPorts.map((port) => String(port.hostPort)),
      evidence: hostPorts.length
        ? hostPorts.map((port) => ({ field: `${path}.ports[${port.index}].hostPort`, value: port.hostPort }))
        : [{ field: `${path}.ports[*].hostPort`, value: null }],
    },
    probeHosts: readProbeHosts(container, path),
  };
}

function readProbeHosts(container: PodContainer, path: string): ContainerView["probeHosts"] {
  const handlers = {
    livenessProbe: container.livenessProbe,
    readinessProbe: container.readinessProbe,
    startupProbe: container.startupProbe,
    "lifecycle.postStart": container.lifecycle?.postStart,
    "lifecycle.preStop": container.lifecycle?.preStop,
  };
  const found: { field: string; value: string }[] = [];

  for (const [name, handler] of Object.entries(handlers)) {
    if (handler?.httpGet?.host) found.push({ field: `${path}.${name}.httpGet.host`, value: handler.httpGet.host });
    if (handler?.tcpSocket?.host) found.push({ field: `${path}.${name}.tcpSocket.host`, value: handler.tcpSocket.host });
  }

  return {
    value: found.map((entry) => entry.value),
    evidence: found.length ? found : [{ field: `${path}.*Probe.*.host`, value: null }],
  };
}

function readVolume(volume: { name: string } & Record<string, unknown>, index: number): VolumeView {
  // client-node's V1Volume carries every type as a key, unset ones as undefined, so only set keys count.
  const type = Object.keys(volume).find((key) => key !== "name" && volume[key] !== undefined && volume[key] !== null) ?? "unknown";
  const volumeClass: VolumeClass =
    type === "hostPath" ? "host-path" : RESTRICTED_ALLOWED_VOLUME_TYPES.has(type) ? "allowed" : "restricted";
  const hostPath = type === "hostPath" ? readHostPath(volume.hostPath) : undefined;

  return { name: volume.name, type, volumeClass, hostPath, evidence: [{ field: `spec.volumes[${index}]`, value: volume }] };
}

function readHostPath(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const path = (value as { path?: unknown }).path;
  return typeof path === "string" ? path : undefined;
}

type SeLinuxOptions = { user?: string | null; role?: string | null; type?: string | null; level?: string | null };

function cleanSeLinux(options: SeLinuxOptions | null | undefined) {
  if (!options) return undefined;
  return {
    user: options.user || undefined,
    role: options.role || undefined,
    type: options.type || undefined,
    level: options.level || undefined,
  };
}
