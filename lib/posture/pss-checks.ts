import { exposesDockerSocket } from "./exposes-docker-socket";
import {
  ALLOWED_SELINUX_TYPES,
  BASELINE_CAPABILITIES,
  ESCAPE_CAPABILITIES,
  PSS_CONTROLS,
  SAFE_SYSCTLS,
  type PssControl,
} from "./pss-controls";
import type { Observed, SecurityContextView, WorkloadView } from "./pss-view";
import type { Evidence, Severity } from "./types";

/** The outcome of one control on one workload, before it becomes a finding. */
export interface ControlResult {
  passed: boolean;
  evidence: Evidence[];
  /** Reason the control failed; passed results use the control's own sentence. */
  failure?: string;
  /** A severity above the control's own, when the evidence shows a direct way out. */
  severity?: Severity;
}

export interface PssCheck {
  control: PssControl;
  check: (view: WorkloadView) => ControlResult;
}

const PROFILE_TYPES_ALLOWED = new Set(["RuntimeDefault", "Localhost"]);
const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/** Every Pod Security Standards control that applies to a build workload, baseline first. */
export const PSS_CHECKS: PssCheck[] = [
  { control: PSS_CONTROLS.hostProcess, check: checkHostProcess },
  { control: PSS_CONTROLS.hostNamespaces, check: checkHostNamespaces },
  { control: PSS_CONTROLS.privileged, check: checkPrivileged },
  { control: PSS_CONTROLS.capabilitiesBaseline, check: checkCapabilitiesBaseline },
  { control: PSS_CONTROLS.hostPathVolumes, check: checkHostPathVolumes },
  { control: PSS_CONTROLS.hostPorts, check: checkHostPorts },
  { control: PSS_CONTROLS.hostProbes, check: checkHostProbes },
  { control: PSS_CONTROLS.appArmor, check: checkAppArmor },
  { control: PSS_CONTROLS.seLinux, check: checkSeLinux },
  { control: PSS_CONTROLS.procMount, check: checkProcMount },
  { control: PSS_CONTROLS.seccompBaseline, check: checkSeccompBaseline },
  { control: PSS_CONTROLS.sysctls, check: checkSysctls },
  { control: PSS_CONTROLS.volumeTypes, check: checkVolumeTypes },
  { control: PSS_CONTROLS.privilegeEscalation, check: checkPrivilegeEscalation },
  { control: PSS_CONTROLS.runAsNonRoot, check: checkRunAsNonRoot },
  { control: PSS_CONTROLS.runAsNonRootUser, check: checkRunAsNonRootUser },
  { control: PSS_CONTROLS.seccompRestricted, check: checkSeccompRestricted },
  { control: PSS_CONTROLS.capabilitiesRestricted, check: checkCapabilitiesRestricted },
];

interface ScopedContext {
  /** "the pod", or the container as a reader would name it. */
  label: string;
  context: SecurityContextView;
}

function scopedContexts(view: WorkloadView): ScopedContext[] {
  const containers = view.containers.map((container) => ({
    label: containerLabel(view, container.name),
    context: container.context,
  }));
  return view.podContext ? [{ label: "the pod", context: view.podContext }, ...containers] : containers;
}

function containerLabel(view: WorkloadView, name: string): string {
  return view.source === "docker" ? "the container" : `container "${name}"`;
}

function evidenceOf(observations: Observed<unknown>[]): Evidence[] {
  return observations.flatMap((observation) => observation.evidence);
}

function result(
  bad: Observed<unknown>[],
  all: Observed<unknown>[],
  failure: () => string,
  severity?: Severity,
): ControlResult {
  if (bad.length === 0) return { passed: true, evidence: evidenceOf(all) };
  return { passed: false, evidence: evidenceOf(bad), failure: failure(), severity };
}

function listText(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function checkHostProcess(view: WorkloadView): ControlResult {
  const scoped = scopedContexts(view);
  const bad = scoped.filter((entry) => entry.context.hostProcess.value === true);
  const failure = () => `${subjectText(labelsOf(bad))} runs as a Windows HostProcess container, directly on the node with its privileges.`;

  return result(
    bad.map((entry) => entry.context.hostProcess),
    scoped.map((entry) => entry.context.hostProcess),
    failure,
  );
}

function checkHostNamespaces(view: WorkloadView): ControlResult {
  const namespaces = [
    { name: "network", observation: view.hostNetwork },
    { name: "process", observation: view.hostPID },
    { name: "IPC", observation: view.hostIPC },
  ];
  const bad = namespaces.filter((namespace) => namespace.observation.value === true);
  const failure = () =>
    `The workload shares the host's ${listText(bad.map((namespace) => namespace.name))} ${bad.length > 1 ? "namespaces" : "namespace"}, ` +
    "so code in it sees and reaches what the host does there, such as services on the host's loopback address or the host's processes.";

  return result(
    bad.map((namespace) => namespace.observation),
    namespaces.map((namespace) => namespace.observation),
    failure,
  );
}

function checkPrivileged(view: WorkloadView): ControlResult {
  const bad = view.containers.filter((container) => container.context.privileged.value === true);
  const failure = () =>
    `${subjectText(containerLabels(view, bad))} runs privileged: every capability, every host device, ` +
    "no seccomp filter and no AppArmor profile, so root inside can take over the host.";

  return result(
    bad.map((container) => container.context.privileged),
    view.containers.map((container) => container.context.privileged),
    failure,
  );
}

function checkCapabilitiesBaseline(view: WorkloadView): ControlResult {
  const added = new Set<string>();
  const bad = view.containers.filter((container) => {
    const extra = container.context.capabilitiesAdd.value.filter((capability) => !BASELINE_CAPABILITIES.has(capability));
    extra.forEach((capability) => added.add(capability));
    return extra.length > 0;
  });
  const escape = [...added].filter((capability) => ESCAPE_CAPABILITIES.has(capability));

  const failure = () => {
    const text = `${subjectText(containerLabels(view, bad))} adds ${listText([...added])} beyond the default set`;
    if (escape.length === 0) return `${text}.`;
    return `${text}; ${listText(escape)} alone ${escape.length > 1 ? "give" : "gives"} root in the container known ways onto the host.`;
  };

  return result(
    bad.map((container) => container.context.capabilitiesAdd),
    view.containers.map((container) => container.context.capabilitiesAdd),
    failure,
    escape.length ? "critical" : undefined,
  );
}

function checkHostPathVolumes(view: WorkloadView): ControlResult {
  const bad = view.volumes.filter((volume) => volume.volumeClass === "host-path");
  if (bad.length === 0) return { passed: true, evidence: view.volumes.flatMap((volume) => volume.evidence) };

  const socket = bad.some((volume) => exposesDockerSocket(volume.hostPath));
  const direct = bad.some((volume) => volume.hostPath === "/" || volume.type === "device");
  let consequence = ", so code in it reads or writes those host files.";
  if (direct) consequence = ", which gives it the host's root filesystem or a host device.";
  if (socket) {
    consequence =
      ", which hands it a Docker daemon socket: whoever runs code in it can have that root daemon start a privileged container " +
      "and take over the host.";
  }

  const paths = bad.map((volume) => volume.hostPath ?? volume.name);
  return {
    passed: false,
    evidence: bad.flatMap((volume) => volume.evidence),
    failure: `The workload mounts ${bad.length > 1 ? "host paths" : "the host path"} ${listText(paths)}${consequence}`,
    severity: socket || direct ? "critical" : undefined,
  };
}

function checkHostPorts(view: WorkloadView): ControlResult {
  const bad = view.containers.filter((container) => container.hostPorts.value.length > 0);
  const ports = bad.flatMap((container) => container.hostPorts.value);
  const failure = () => `The workload publishes host ${ports.length > 1 ? "ports" : "port"} ${listText(ports)}, reachable on the host's network.`;

  return result(
    bad.map((container) => container.hostPorts),
    view.containers.map((container) => container.hostPorts),
    failure,
  );
}

function checkHostProbes(view: WorkloadView): ControlResult {
  const bad = view.containers.filter((container) => container.probeHosts.value.length > 0);
  const hosts = bad.flatMap((container) => container.probeHosts.value);
  const failure = () => `Probes or lifecycle handlers send requests to ${listText(hosts)}, which the kubelet reaches from the node.`;

  return result(
    bad.map((container) => container.probeHosts),
    view.containers.map((container) => container.probeHosts),
    failure,
  );
}

function checkAppArmor(view: WorkloadView): ControlResult {
  const scoped = scopedContexts(view);
  const badContexts = scoped.filter((entry) => isDisallowedProfile(entry.context.appArmorType.value));
  const badAnnotations = Object.entries(view.annotations).filter(
    ([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !(value === "" || value === "runtime/default" || value.startsWith("localhost/")),
  );
  const setters = [...labelsOf(badContexts), ...badAnnotations.map(([key]) => `annotation ${key}`)];
  const failure = () => `${subjectText(setters)} turns AppArmor off, removing a layer that limits what root in the container can touch.`;

  return result(
    [...badContexts.map((entry) => entry.context.appArmorType), ...badAnnotations.map(([key, value]) => observeAnnotation(key, value))],
    scoped.map((entry) => entry.context.appArmorType),
    failure,
  );
}

function checkSeLinux(view: WorkloadView): ControlResult {
  const scoped = scopedContexts(view);
  const bad = scoped.filter((entry) => {
    const options = entry.context.seLinux.value;
    if (!options) return false;
    if (options.disabled === true || options.user || options.role) return true;
    return Boolean(options.type) && !ALLOWED_SELINUX_TYPES.has(options.type ?? "");
  });
  const failure = () =>
    `${subjectText(labelsOf(bad))} sets custom SELinux options or turns labelling off, which can lift SELinux separation from the host.`;

  return result(
    bad.map((entry) => entry.context.seLinux),
    scoped.map((entry) => entry.context.seLinux),
    failure,
  );
}

// Pod Security Admission allows an unmasked /proc in a pod's own user namespace from Kubernetes 1.35 on.
function checkProcMount(view: WorkloadView): ControlResult {
  if (view.hostUsers.value === false) return { passed: true, evidence: view.hostUsers.evidence };

  const bad = view.containers.filter((container) => {
    const procMount = container.context.procMount.value;
    return procMount !== undefined && procMount !== "Default";
  });
  const failure = () =>
    `${subjectText(containerLabels(view, bad))} sees /proc and /sys unmasked, including kernel settings and host information the default masks hide.`;

  return result(
    bad.map((container) => container.context.procMount),
    view.containers.map((container) => container.context.procMount),
    failure,
  );
}

function checkSeccompBaseline(view: WorkloadView): ControlResult {
  const scoped = scopedContexts(view);
  const badContexts = scoped.filter((entry) => isDisallowedProfile(entry.context.seccompType.value));
  const badAnnotations = Object.entries(view.annotations).filter(
    ([key, value]) =>
      (key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) &&
      !(value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/")),
  );
  const setters = [...labelsOf(badContexts), ...badAnnotations.map(([key]) => `annotation ${key}`)];
  const failure = () => `${subjectText(setters)} runs without a seccomp filter, so every system call of the kernel is open to code in the build.`;

  return result(
    [...badContexts.map((entry) => entry.context.seccompType), ...badAnnotations.map(([key, value]) => observeAnnotation(key, value))],
    scoped.map((entry) => entry.context.seccompType),
    failure,
  );
}

function checkSysctls(view: WorkloadView): ControlResult {
  const unsafe = view.sysctls.value.filter((name) => !SAFE_SYSCTLS.has(name));
  const failure = () =>
    `The workload sets ${listText(unsafe)}, which ${unsafe.length > 1 ? "are" : "is"} not known to be isolated from the rest of the host.`;

  return result(unsafe.length ? [view.sysctls] : [], [view.sysctls], failure);
}

function checkVolumeTypes(view: WorkloadView): ControlResult {
  const bad = view.volumes.filter((volume) => volume.volumeClass !== "allowed");
  if (bad.length === 0) return { passed: true, evidence: view.volumes.flatMap((volume) => volume.evidence) };

  const volumes = bad.map((volume) => `${volume.type} ${volume.hostPath ?? volume.name}`);
  return {
    passed: false,
    evidence: bad.flatMap((volume) => volume.evidence),
    failure: `The workload uses ${listText(volumes)}, ${bad.length > 1 ? "types" : "a type"} the restricted level forbids.`,
  };
}

function checkPrivilegeEscalation(view: WorkloadView): ControlResult {
  const bad = view.containers.filter((container) => container.context.allowPrivilegeEscalation.value !== false);
  const setting = view.source === "docker" ? "no-new-privileges is not set" : "allowPrivilegeEscalation is not false";
  const failure = () => `${subjectText(containerLabels(view, bad))} may gain privileges through set-user-ID programs, because ${setting}.`;

  return result(
    bad.map((container) => container.context.allowPrivilegeEscalation),
    view.containers.map((container) => container.context.allowPrivilegeEscalation),
    failure,
  );
}

// A pod in its own user namespace (hostUsers: false) passes both non-root controls, as it does in Pod
// Security Admission, because root in that namespace is an unprivileged user on the node.
function checkRunAsNonRoot(view: WorkloadView): ControlResult {
  if (view.hostUsers.value === false) return { passed: true, evidence: view.hostUsers.evidence };

  const podValue = view.podContext?.runAsNonRoot;
  const podForbidsNonRoot = podValue?.value === false;
  const badContainers = view.containers.filter((container) => {
    const own = container.context.runAsNonRoot.value;
    return own === false || (own === undefined && podValue?.value !== true);
  });
  const bad = badContainers.map((container) => container.context.runAsNonRoot);
  const podMatters = podForbidsNonRoot || badContainers.some((container) => container.context.runAsNonRoot.value === undefined);
  if (podValue && podMatters) bad.unshift(podValue);

  const failure = () => {
    if (view.source === "docker") {
      return "The container runs as root, or as a user name whose ID Docker cannot check, so a build step runs with root's rights inside it.";
    }
    const setters = [...(podForbidsNonRoot ? ["the pod"] : []), ...containerLabels(view, badContainers)];
    return `${subjectText(setters)} may run as root, because runAsNonRoot is not true.`;
  };

  return result(bad, [...(podValue ? [podValue] : []), ...view.containers.map((container) => container.context.runAsNonRoot)], failure);
}

function checkRunAsNonRootUser(view: WorkloadView): ControlResult {
  if (view.hostUsers.value === false) return { passed: true, evidence: view.hostUsers.evidence };

  const scoped = scopedContexts(view);
  const bad = scoped.filter((entry) => entry.context.runAsUser.value === 0);
  const failure = () => `${subjectText(labelsOf(bad))} ${view.source === "docker" ? "runs" : "is set to run"} as user 0 (root).`;

  return result(
    bad.map((entry) => entry.context.runAsUser),
    scoped.map((entry) => entry.context.runAsUser),
    failure,
  );
}

function checkSeccompRestricted(view: WorkloadView): ControlResult {
  const podType = view.podContext?.seccompType;
  const podValid = podType?.value !== undefined && PROFILE_TYPES_ALLOWED.has(podType.value);
  const badPod = podType?.value !== undefined && !podValid ? [podType] : [];
  const badContainers = view.containers.filter((container) => {
    const own = container.context.seccompType.value;
    return own === undefined ? !podValid : !PROFILE_TYPES_ALLOWED.has(own);
  });

  const failure = () => {
    const setters = [...badPod.map(() => "the pod"), ...containerLabels(view, badContainers)];
    return `${subjectText(setters)} ${setters.length > 1 ? "have" : "has"} no RuntimeDefault or Localhost seccomp profile.`;
  };

  return result(
    [...badPod, ...badContainers.map((container) => container.context.seccompType)],
    [...(podType ? [podType] : []), ...view.containers.map((container) => container.context.seccompType)],
    failure,
  );
}

function checkCapabilitiesRestricted(view: WorkloadView): ControlResult {
  const bad = view.containers.filter((container) => {
    const dropsAll = container.context.capabilitiesDrop.value.includes("ALL");
    const addsOther = container.context.capabilitiesAdd.value.some((capability) => capability !== "NET_BIND_SERVICE");
    return !dropsAll || addsOther;
  });
  const failure = () =>
    `${subjectText(containerLabels(view, bad))} keeps capabilities beyond NET_BIND_SERVICE, because it does not drop ALL or adds others back.`;

  return result(
    bad.flatMap((container) => [container.context.capabilitiesDrop, container.context.capabilitiesAdd]),
    view.containers.flatMap((container) => [container.context.capabilitiesDrop, container.context.capabilitiesAdd]),
    failure,
  );
}

function isDisallowedProfile(type: string | undefined): boolean {
  return type !== undefined && !PROFILE_TYPES_ALLOWED.has(type);
}

function labelsOf(entries: ScopedContext[]): string[] {
  return entries.map((entry) => entry.label);
}

function containerLabels(view: WorkloadView, containers: { name: string }[]): string[] {
  return containers.map((container) => containerLabel(view, container.name));
}

function observeAnnotation(key: string, value: string): Observed<string> {
  return { value, evidence: [{ field: `metadata.annotations['${key}']`, value }] };
}

/** Joins who set a value into the start of a sentence, such as "The pod and container \"kaniko\"". */
function subjectText(labels: string[]): string {
  const text = listText(labels);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
