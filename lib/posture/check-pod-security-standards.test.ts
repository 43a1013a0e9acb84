import { describe, expect, it } from "vitest";
import { checkPodSecurityStandards } from "./check-pod-security-standards";
import { dockerInspectSchema } from "./docker-inspect-schema";
import { mapDockerToPssView } from "./map-docker-to-pss-view";
import { mapPodToPssView } from "./map-pod-to-pss-view";
import { podSchema } from "./pod-schema";
import { pssLevelOf } from "./pss-level-of";
import type { Finding } from "./types";

// Hand-written inputs are edited freely in the case tables below, so they are loosely typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = Record<string, any>;

/** Returns a pod that meets the restricted level; each case below changes one thing. */
function restrictedPod(): Editable {
  return {
    metadata: { name: "kaniko-run-1", annotations: {} },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "kaniko",
          image: "localhost:5000/buildlab/kaniko-executor:lab",
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          resources: { limits: { cpu: "1", memory: "1Gi" } },
        },
      ],
      volumes: [{ name: "context", emptyDir: {} }],
    },
  };
}

/** Returns a container inspect output that meets the restricted level; each case below changes one thing. */
function restrictedInspect(): Editable {
  return {
    Id: "4f1c0ffee0ddba11",
    Name: "/buildlab-kaniko-run-1",
    Platform: "linux",
    AppArmorProfile: "docker-default",
    Mounts: [],
    Config: { User: "1000:1000", Image: "localhost:5000/buildlab/kaniko-executor:lab" },
    HostConfig: {
      Privileged: false,
      NetworkMode: "none",
      PidMode: "",
      IpcMode: "private",
      CapAdd: null,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Binds: null,
      PortBindings: {},
      MaskedPaths: ["/proc/kcore", "/proc/keys", "/sys/firmware"],
      ReadonlyPaths: ["/proc/sys", "/proc/sysrq-trigger"],
    },
  };
}

function podFindings(edit: (pod: Editable) => void): Finding[] {
  const pod = restrictedPod();
  edit(pod);
  return checkPodSecurityStandards(mapPodToPssView(podSchema.parse(pod), "kaniko-run-1"));
}

function dockerFindings(edit: (inspect: Editable) => void): Finding[] {
  const inspect = restrictedInspect();
  edit(inspect);
  return checkPodSecurityStandards(mapDockerToPssView(dockerInspectSchema.parse(inspect), "container", "buildlab-kaniko-run-1"));
}

function findingOf(findings: Finding[], control: string): Finding {
  const finding = findings.find((candidate) => candidate.control === control);
  if (!finding) throw new Error(`missing finding for control ${control}; found: ${findings.map((candidate) => candidate.control).join(", ")}`);
  return finding;
}

function evidenceFields(finding: Finding): string[] {
  return (Array.isArray(finding.evidence) ? finding.evidence : [finding.evidence]).map((evidence) => evidence.field);
}

const container = (pod: Editable) => pod.spec.containers[0];

interface Case<T> {
  name: string;
  control: string;
  edit: (input: T) => void;
  passed: boolean;
  /** An evidence field the finding must name. */
  field?: string;
  severity?: Finding["severity"];
}

const podCases: Case<Editable>[] = [
  { name: "hostProcess on a container", control: "pss.baseline.host-process", passed: false, field: "spec.containers[0].securityContext.windowsOptions.hostProcess", edit: (pod) => (container(pod).securityContext.windowsOptions = { hostProcess: true }) },
  { name: "hostProcess on the pod", control: "pss.baseline.host-process", passed: false, field: "spec.securityContext.windowsOptions.hostProcess", edit: (pod) => (pod.spec.securityContext.windowsOptions = { hostProcess: true }) },
  { name: "hostProcess false", control: "pss.baseline.host-process", passed: true, edit: (pod) => (container(pod).securityContext.windowsOptions = { hostProcess: false }) },
  { name: "hostNetwork", control: "pss.baseline.host-namespaces", passed: false, field: "spec.hostNetwork", edit: (pod) => (pod.spec.hostNetwork = true) },
  { name: "hostPID", control: "pss.baseline.host-namespaces", passed: false, field: "spec.hostPID", edit: (pod) => (pod.spec.hostPID = true) },
  { name: "hostIPC", control: "pss.baseline.host-namespaces", passed: false, field: "spec.hostIPC", edit: (pod) => (pod.spec.hostIPC = true) },
  { name: "host namespaces false", control: "pss.baseline.host-namespaces", passed: true, edit: (pod) => Object.assign(pod.spec, { hostNetwork: false, hostPID: false, hostIPC: false }) },
  { name: "privileged container", control: "pss.baseline.privileged", passed: false, severity: "critical", field: "spec.containers[0].securityContext.privileged", edit: (pod) => (container(pod).securityContext.privileged = true) },
  { name: "privileged init container", control: "pss.baseline.privileged", passed: false, field: "spec.initContainers[0].securityContext.privileged", edit: (pod) => (pod.spec.initContainers = [{ name: "prepare", securityContext: { privileged: true } }]) },
  { name: "privileged false", control: "pss.baseline.privileged", passed: true, edit: (pod) => (container(pod).securityContext.privileged = false) },
  { name: "NET_ADMIN added", control: "pss.baseline.capabilities", passed: false, severity: "high", field: "spec.containers[0].securityContext.capabilities.add", edit: (pod) => (container(pod).securityContext.capabilities.add = ["NET_ADMIN"]) },
  { name: "SYS_ADMIN added", control: "pss.baseline.capabilities", passed: false, severity: "critical", edit: (pod) => (container(pod).securityContext.capabilities.add = ["SYS_ADMIN"]) },
  { name: "CHOWN added", control: "pss.baseline.capabilities", passed: true, edit: (pod) => (container(pod).securityContext.capabilities.add = ["CHOWN", "SETUID"]) },
  { name: "hostPath volume", control: "pss.baseline.host-path-volumes", passed: false, severity: "high", field: "spec.volumes[1]", edit: (pod) => pod.spec.volumes.push({ name: "cache", hostPath: { path: "/var/cache/kaniko" } }) },
  { name: "Docker socket hostPath", control: "pss.baseline.host-path-volumes", passed: false, severity: "critical", edit: (pod) => pod.spec.volumes.push({ name: "docker", hostPath: { path: "/var/run/docker.sock", type: "Socket" } }) },
  { name: "no hostPath volume", control: "pss.baseline.host-path-volumes", passed: true, edit: (pod) => pod.spec.volumes.push({ name: "config", configMap: { name: "docker-config" } }) },
  { name: "hostPort", control: "pss.baseline.host-ports", passed: false, field: "spec.containers[0].ports[0].hostPort", edit: (pod) => (container(pod).ports = [{ containerPort: 8080, hostPort: 8080 }]) },
  { name: "hostPort 0", control: "pss.baseline.host-ports", passed: true, edit: (pod) => (container(pod).ports = [{ containerPort: 8080, hostPort: 0 }]) },
  { name: "probe host", control: "pss.baseline.host-probes", passed: false, field: "spec.containers[0].livenessProbe.httpGet.host", edit: (pod) => (container(pod).livenessProbe = { httpGet: { host: "127.0.0.1", port: 8080 } }) },
  { name: "lifecycle host", control: "pss.baseline.host-probes", passed: false, field: "spec.containers[0].lifecycle.preStop.tcpSocket.host", edit: (pod) => (container(pod).lifecycle = { preStop: { tcpSocket: { host: "127.0.0.1", port: 1 } } }) },
  { name: "probe without host", control: "pss.baseline.host-probes", passed: true, edit: (pod) => (container(pod).livenessProbe = { httpGet: { port: 8080 } }) },
  { name: "AppArmor Unconfined on the pod", control: "pss.baseline.apparmor", passed: false, field: "spec.securityContext.appArmorProfile.type", edit: (pod) => (pod.spec.securityContext.appArmorProfile = { type: "Unconfined" }) },
  { name: "AppArmor Unconfined on a container", control: "pss.baseline.apparmor", passed: false, edit: (pod) => (container(pod).securityContext.appArmorProfile = { type: "Unconfined" }) },
  { name: "AppArmor annotation unconfined", control: "pss.baseline.apparmor", passed: false, field: "metadata.annotations['container.apparmor.security.beta.kubernetes.io/kaniko']", edit: (pod) => (pod.metadata.annotations["container.apparmor.security.beta.kubernetes.io/kaniko"] = "unconfined") },
  { name: "AppArmor Localhost", control: "pss.baseline.apparmor", passed: true, edit: (pod) => (container(pod).securityContext.appArmorProfile = { type: "Localhost", localhostProfile: "k8s-kaniko" }) },
  { name: "AppArmor annotation runtime/default", control: "pss.baseline.apparmor", passed: true, edit: (pod) => (pod.metadata.annotations["container.apparmor.security.beta.kubernetes.io/kaniko"] = "runtime/default") },
  { name: "SELinux type spc_t", control: "pss.baseline.selinux", passed: false, field: "spec.containers[0].securityContext.seLinuxOptions", edit: (pod) => (container(pod).securityContext.seLinuxOptions = { type: "spc_t" }) },
  { name: "SELinux user", control: "pss.baseline.selinux", passed: false, edit: (pod) => (pod.spec.securityContext.seLinuxOptions = { user: "system_u" }) },
  { name: "SELinux role", control: "pss.baseline.selinux", passed: false, edit: (pod) => (container(pod).securityContext.seLinuxOptions = { role: "system_r" }) },
  { name: "SELinux type container_t and a level", control: "pss.baseline.selinux", passed: true, edit: (pod) => (container(pod).securityContext.seLinuxOptions = { type: "container_t", level: "s0:c1,c2" }) },
  { name: "procMount Unmasked", control: "pss.baseline.proc-mount", passed: false, field: "spec.containers[0].securityContext.procMount", edit: (pod) => (container(pod).securityContext.procMount = "Unmasked") },
  { name: "procMount Unmasked in a user namespace", control: "pss.baseline.proc-mount", passed: true, field: "spec.hostUsers", edit: (pod) => { container(pod).securityContext.procMount = "Unmasked"; pod.spec.hostUsers = false; } },
  { name: "procMount Default", control: "pss.baseline.proc-mount", passed: true, edit: (pod) => (container(pod).securityContext.procMount = "Default") },
  { name: "seccomp Unconfined on the pod", control: "pss.baseline.seccomp", passed: false, field: "spec.securityContext.seccompProfile.type", edit: (pod) => (pod.spec.securityContext.seccompProfile = { type: "Unconfined" }) },
  { name: "seccomp Unconfined on a container", control: "pss.baseline.seccomp", passed: false, edit: (pod) => (container(pod).securityContext.seccompProfile = { type: "Unconfined" }) },
  { name: "seccomp annotation unconfined", control: "pss.baseline.seccomp", passed: false, field: "metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']", edit: (pod) => (pod.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"] = "unconfined") },
  { name: "seccomp unset", control: "pss.baseline.seccomp", passed: true, edit: (pod) => delete pod.spec.securityContext.seccompProfile },
  { name: "seccomp Localhost", control: "pss.baseline.seccomp", passed: true, edit: (pod) => (pod.spec.securityContext.seccompProfile = { type: "Localhost", localhostProfile: "build.json" }) },
  { name: "unsafe sysctl", control: "pss.baseline.sysctls", passed: false, field: "spec.securityContext.sysctls", edit: (pod) => (pod.spec.securityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }]) },
  { name: "safe sysctl", control: "pss.baseline.sysctls", passed: true, edit: (pod) => (pod.spec.securityContext.sysctls = [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }]) },
  { name: "nfs volume", control: "pss.restricted.volume-types", passed: false, field: "spec.volumes[1]", edit: (pod) => pod.spec.volumes.push({ name: "cache", nfs: { server: "nfs.invalid", path: "/cache" } }) },
  { name: "hostPath volume", control: "pss.restricted.volume-types", passed: false, edit: (pod) => pod.spec.volumes.push({ name: "cache", hostPath: { path: "/tmp" } }) },
  { name: "allowed volume types", control: "pss.restricted.volume-types", passed: true, edit: (pod) => pod.spec.volumes.push({ name: "auth", secret: { secretName: "registry" } }, { name: "token", projected: { sources: [] } }, { name: "data", persistentVolumeClaim: { claimName: "cache" } }) },
  { name: "client-node volume with unset keys", control: "pss.restricted.volume-types", passed: true, edit: (pod) => (pod.spec.volumes = [{ name: "context", emptyDir: {}, hostPath: undefined, nfs: undefined }]) },
  { name: "allowPrivilegeEscalation unset", control: "pss.restricted.privilege-escalation", passed: false, field: "spec.containers[0].securityContext.allowPrivilegeEscalation", edit: (pod) => delete container(pod).securityContext.allowPrivilegeEscalation },
  { name: "allowPrivilegeEscalation true", control: "pss.restricted.privilege-escalation", passed: false, edit: (pod) => (container(pod).securityContext.allowPrivilegeEscalation = true) },
  { name: "runAsNonRoot unset everywhere", control: "pss.restricted.run-as-non-root", passed: false, field: "spec.containers[0].securityContext.runAsNonRoot", edit: (pod) => delete pod.spec.securityContext.runAsNonRoot },
  { name: "runAsNonRoot false on a container", control: "pss.restricted.run-as-non-root", passed: false, edit: (pod) => (container(pod).securityContext.runAsNonRoot = false) },
  { name: "runAsNonRoot false on the pod", control: "pss.restricted.run-as-non-root", passed: false, field: "spec.securityContext.runAsNonRoot", edit: (pod) => { pod.spec.securityContext.runAsNonRoot = false; container(pod).securityContext.runAsNonRoot = true; } },
  { name: "runAsNonRoot true on the container only", control: "pss.restricted.run-as-non-root", passed: true, edit: (pod) => { delete pod.spec.securityContext.runAsNonRoot; container(pod).securityContext.runAsNonRoot = true; } },
  { name: "runAsNonRoot unset in a user namespace", control: "pss.restricted.run-as-non-root", passed: true, edit: (pod) => { delete pod.spec.securityContext.runAsNonRoot; pod.spec.hostUsers = false; } },
  { name: "runAsUser 0 on the pod", control: "pss.restricted.run-as-non-root-user", passed: false, field: "spec.securityContext.runAsUser", edit: (pod) => (pod.spec.securityContext.runAsUser = 0) },
  { name: "runAsUser 0 on a container", control: "pss.restricted.run-as-non-root-user", passed: false, edit: (pod) => (container(pod).securityContext.runAsUser = 0) },
  { name: "runAsUser 1000", control: "pss.restricted.run-as-non-root-user", passed: true, edit: (pod) => (container(pod).securityContext.runAsUser = 1000) },
  { name: "runAsUser 0 in a user namespace", control: "pss.restricted.run-as-non-root-user", passed: true, edit: (pod) => { container(pod).securityContext.runAsUser = 0; pod.spec.hostUsers = false; } },
  { name: "seccomp unset everywhere", control: "pss.restricted.seccomp", passed: false, field: "spec.containers[0].securityContext.seccompProfile.type", edit: (pod) => delete pod.spec.securityContext.seccompProfile },
  { name: "seccomp Unconfined on a container", control: "pss.restricted.seccomp", passed: false, edit: (pod) => (container(pod).securityContext.seccompProfile = { type: "Unconfined" }) },
  { name: "seccomp on the container only", control: "pss.restricted.seccomp", passed: true, edit: (pod) => { delete pod.spec.securityContext.seccompProfile; container(pod).securityContext.seccompProfile = { type: "RuntimeDefault" }; } },
  { name: "capabilities not dropped", control: "pss.restricted.capabilities", passed: false, field: "spec.containers[0].securityContext.capabilities.drop", edit: (pod) => delete container(pod).securityContext.capabilities },
  { name: "CHOWN added back", control: "pss.restricted.capabilities", passed: false, edit: (pod) => (container(pod).securityContext.capabilities.add = ["CHOWN"]) },
  { name: "NET_BIND_SERVICE added back", control: "pss.restricted.capabilities", passed: true, edit: (pod) => (container(pod).securityContext.capabilities.add = ["NET_BIND_SERVICE"]) },
];

const dockerCases: Case<Editable>[] = [
  { name: "a Linux container", control: "pss.baseline.host-process", passed: true, field: "Platform", edit: () => {} },
  { name: "NetworkMode host", control: "pss.baseline.host-namespaces", passed: false, field: "HostConfig.NetworkMode", edit: (inspect) => (inspect.HostConfig.NetworkMode = "host") },
  { name: "PidMode host", control: "pss.baseline.host-namespaces", passed: false, field: "HostConfig.PidMode", edit: (inspect) => (inspect.HostConfig.PidMode = "host") },
  { name: "IpcMode host", control: "pss.baseline.host-namespaces", passed: false, field: "HostConfig.IpcMode", edit: (inspect) => (inspect.HostConfig.IpcMode = "host") },
  { name: "a bridge network", control: "pss.baseline.host-namespaces", passed: true, edit: (inspect) => (inspect.HostConfig.NetworkMode = "bridge") },
  { name: "Privileged", control: "pss.baseline.privileged", passed: false, severity: "critical", field: "HostConfig.Privileged", edit: (inspect) => (inspect.HostConfig.Privileged = true) },
  { name: "CapAdd NET_ADMIN", control: "pss.baseline.capabilities", passed: false, severity: "high", field: "HostConfig.CapAdd", edit: (inspect) => (inspect.HostConfig.CapAdd = ["NET_ADMIN"]) },
  { name: "CapAdd ALL", control: "pss.baseline.capabilities", passed: false, severity: "critical", edit: (inspect) => (inspect.HostConfig.CapAdd = ["ALL"]) },
  { name: "CapAdd cap_sys_admin", control: "pss.baseline.capabilities", passed: false, severity: "critical", edit: (inspect) => (inspect.HostConfig.CapAdd = ["cap_sys_admin"]) },
  { name: "CapAdd CHOWN", control: "pss.baseline.capabilities", passed: true, edit: (inspect) => (inspect.HostConfig.CapAdd = ["CHOWN"]) },
  { name: "a bind in Binds", control: "pss.baseline.host-path-volumes", passed: false, severity: "high", field: "HostConfig.Binds[0]", edit: (inspect) => (inspect.HostConfig.Binds = ["/srv/context:/workspace:ro"]) },
  { name: "a bind in Mounts", control: "pss.baseline.host-path-volumes", passed: false, field: "Mounts[0]", edit: (inspect) => (inspect.Mounts = [{ Type: "bind", Source: "/srv/context", Destination: "/workspace", RW: false }]) },
  { name: "the Docker socket", control: "pss.baseline.host-path-volumes", passed: false, severity: "critical", edit: (inspect) => (inspect.HostConfig.Binds = ["/var/run/docker.sock:/var/run/docker.sock"]) },
  { name: "the host's /run", control: "pss.baseline.host-path-volumes", passed: false, severity: "critical", edit: (inspect) => (inspect.HostConfig.Binds = ["/run:/host-run"]) },
  { name: "a host device", control: "pss.baseline.host-path-volumes", passed: false, severity: "critical", field: "HostConfig.Devices[0]", edit: (inspect) => (inspect.HostConfig.Devices = [{ PathOnHost: "/dev/sda", PathInContainer: "/dev/sda", CgroupPermissions: "rwm" }]) },
  { name: "a named volume", control: "pss.baseline.host-path-volumes", passed: true, edit: (inspect) => (inspect.HostConfig.Binds = ["kaniko-cache:/cache"]) },
  { name: "PortBindings", control: "pss.baseline.host-ports", passed: false, field: "HostConfig.PortBindings", edit: (inspect) => (inspect.HostConfig.PortBindings = { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }] }) },
  { name: "a binding on a random port", control: "pss.baseline.host-ports", passed: false, edit: (inspect) => (inspect.HostConfig.PortBindings = { "8080/tcp": [{ HostIp: "", HostPort: "" }] }) },
  { name: "PublishAllPorts", control: "pss.baseline.host-ports", passed: false, edit: (inspect) => { inspect.HostConfig.PublishAllPorts = true; inspect.Config.ExposedPorts = { "8080/tcp": {} }; } },
  { name: "no port bindings", control: "pss.baseline.host-ports", passed: true, edit: (inspect) => (inspect.HostConfig.PortBindings = null) },
  { name: "a health check", control: "pss.baseline.host-probes", passed: true, edit: () => {} },
  { name: "apparmor=unconfined", control: "pss.baseline.apparmor", passed: false, field: "HostConfig.SecurityOpt", edit: (inspect) => inspect.HostConfig.SecurityOpt.push("apparmor=unconfined") },
  { name: "AppArmorProfile unconfined", control: "pss.baseline.apparmor", passed: false, field: "AppArmorProfile", edit: (inspect) => (inspect.AppArmorProfile = "unconfined") },
  { name: "a named AppArmor profile", control: "pss.baseline.apparmor", passed: true, edit: (inspect) => inspect.HostConfig.SecurityOpt.push("apparmor=buildlab-builder") },
  { name: "no AppArmor on the host", control: "pss.baseline.apparmor", passed: true, edit: (inspect) => (inspect.AppArmorProfile = "") },
  { name: "label=disable", control: "pss.baseline.selinux", passed: false, field: "HostConfig.SecurityOpt", edit: (inspect) => inspect.HostConfig.SecurityOpt.push("label=disable") },
  { name: "label=type:spc_t", control: "pss.baseline.selinux", passed: false, edit: (inspect) => inspect.HostConfig.SecurityOpt.push("label=type:spc_t") },
  { name: "the older label:user: form", control: "pss.baseline.selinux", passed: false, edit: (inspect) => inspect.HostConfig.SecurityOpt.push("label:user:system_u") },
  { name: "label=level", control: "pss.baseline.selinux", passed: true, edit: (inspect) => inspect.HostConfig.SecurityOpt.push("label=level:s0:c100,c200") },
  { name: "label=type:container_t", control: "pss.baseline.selinux", passed: true, edit: (inspect) => inspect.HostConfig.SecurityOpt.push("label=type:container_t") },
  { name: "empty MaskedPaths", control: "pss.baseline.proc-mount", passed: false, field: "HostConfig.MaskedPaths", edit: (inspect) => { inspect.HostConfig.MaskedPaths = []; inspect.HostConfig.ReadonlyPaths = []; } },
  { name: "Privileged", control: "pss.baseline.proc-mount", passed: false, field: "HostConfig.Privileged", edit: (inspect) => (inspect.HostConfig.Privileged = true) },
  { name: "no MaskedPaths field", control: "pss.baseline.proc-mount", passed: true, edit: (inspect) => delete inspect.HostConfig.MaskedPaths },
  { name: "seccomp=unconfined", control: "pss.baseline.seccomp", passed: false, field: "HostConfig.SecurityOpt", edit: (inspect) => inspect.HostConfig.SecurityOpt.push("seccomp=unconfined") },
  { name: "the older seccomp:unconfined form", control: "pss.baseline.seccomp", passed: false, edit: (inspect) => inspect.HostConfig.SecurityOpt.push("seccomp:unconfined") },
  { name: "Privileged", control: "pss.baseline.seccomp", passed: false, field: "HostConfig.Privileged", edit: (inspect) => (inspect.HostConfig.Privileged = true) },
  { name: "a custom profile", control: "pss.baseline.seccomp", passed: true, edit: (inspect) => inspect.HostConfig.SecurityOpt.push('seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[]}') },
  { name: "an unsafe sysctl", control: "pss.baseline.sysctls", passed: false, field: "HostConfig.Sysctls", edit: (inspect) => (inspect.HostConfig.Sysctls = { "kernel.msgmax": "65536" }) },
  { name: "a safe sysctl", control: "pss.baseline.sysctls", passed: true, edit: (inspect) => (inspect.HostConfig.Sysctls = { "net.ipv4.ip_unprivileged_port_start": "0" }) },
  { name: "a bind", control: "pss.restricted.volume-types", passed: false, field: "HostConfig.Binds[0]", edit: (inspect) => (inspect.HostConfig.Binds = ["/srv/context:/workspace:ro"]) },
  { name: "a volume plugin", control: "pss.restricted.volume-types", passed: false, field: "Mounts[0]", edit: (inspect) => (inspect.Mounts = [{ Type: "volume", Name: "shared", Source: "", Destination: "/cache", Driver: "rexray/ebs", RW: true }]) },
  { name: "VolumesFrom", control: "pss.restricted.volume-types", passed: false, field: "HostConfig.VolumesFrom[0]", edit: (inspect) => (inspect.HostConfig.VolumesFrom = ["other-container"]) },
  { name: "local volumes and tmpfs", control: "pss.restricted.volume-types", passed: true, edit: (inspect) => (inspect.HostConfig.Mounts = [{ Type: "volume", Source: "cache", Target: "/cache" }, { Type: "tmpfs", Target: "/tmp" }]) },
  { name: "no no-new-privileges", control: "pss.restricted.privilege-escalation", passed: false, field: "HostConfig.SecurityOpt", edit: (inspect) => (inspect.HostConfig.SecurityOpt = null) },
  { name: "no-new-privileges=false", control: "pss.restricted.privilege-escalation", passed: false, edit: (inspect) => (inspect.HostConfig.SecurityOpt = ["no-new-privileges=false"]) },
  { name: "no-new-privileges:true", control: "pss.restricted.privilege-escalation", passed: true, edit: (inspect) => (inspect.HostConfig.SecurityOpt = ["no-new-privileges:true"]) },
  { name: "an empty user", control: "pss.restricted.run-as-non-root", passed: false, field: "Config.User", edit: (inspect) => (inspect.Config.User = "") },
  { name: "user root", control: "pss.restricted.run-as-non-root", passed: false, edit: (inspect) => (inspect.Config.User = "root") },
  { name: "a user name", control: "pss.restricted.run-as-non-root", passed: false, edit: (inspect) => (inspect.Config.User = "nobody") },
  { name: "a numeric user", control: "pss.restricted.run-as-non-root", passed: true, edit: (inspect) => (inspect.Config.User = "65532") },
  { name: "an empty user", control: "pss.restricted.run-as-non-root-user", passed: false, field: "Config.User", edit: (inspect) => (inspect.Config.User = "") },
  { name: "user 0 with a group", control: "pss.restricted.run-as-non-root-user", passed: false, edit: (inspect) => (inspect.Config.User = "0:1000") },
  { name: "a user name", control: "pss.restricted.run-as-non-root-user", passed: true, edit: (inspect) => (inspect.Config.User = "nobody") },
  { name: "seccomp=unconfined", control: "pss.restricted.seccomp", passed: false, field: "HostConfig.SecurityOpt", edit: (inspect) => inspect.HostConfig.SecurityOpt.push("seccomp=unconfined") },
  { name: "the daemon's default profile", control: "pss.restricted.seccomp", passed: true, field: "HostConfig.SecurityOpt", edit: () => {} },
  { name: "a custom profile", control: "pss.restricted.seccomp", passed: true, edit: (inspect) => inspect.HostConfig.SecurityOpt.push('seccomp={"defaultAction":"SCMP_ACT_ERRNO"}') },
  { name: "no CapDrop", control: "pss.restricted.capabilities", passed: false, field: "HostConfig.CapDrop", edit: (inspect) => (inspect.HostConfig.CapDrop = null) },
  { name: "CHOWN added back", control: "pss.restricted.capabilities", passed: false, edit: (inspect) => (inspect.HostConfig.CapAdd = ["CHOWN"]) },
  { name: "lower-case drop all", control: "pss.restricted.capabilities", passed: true, edit: (inspect) => (inspect.HostConfig.CapDrop = ["all"]) },
  { name: "NET_BIND_SERVICE added back", control: "pss.restricted.capabilities", passed: true, edit: (inspect) => (inspect.HostConfig.CapAdd = ["CAP_NET_BIND_SERVICE"]) },
];

function expectCase(findings: Finding[], testCase: Case<Editable>): void {
  const finding = findingOf(findings, testCase.control);

  expect(finding.passed).toBe(testCase.passed);
  if (testCase.field) expect(evidenceFields(finding)).toContain(testCase.field);
  if (testCase.severity) expect(finding.severity).toBe(testCase.severity);
  if (!testCase.passed) expect(finding.explanation).not.toBe("");
}

describe("checkPodSecurityStandards on pods", () => {
  it("passes every control for a restricted pod", () => {
    const findings = podFindings(() => {});

    expect(findings.filter((finding) => !finding.passed)).toEqual([]);
    expect(pssLevelOf(findings)).toBe("restricted");
  });

  it("returns one finding per control", () => {
    const controls = podFindings(() => {}).map((finding) => finding.control);

    expect(new Set(controls).size).toBe(controls.length);
    expect(controls).toHaveLength(18);
  });

  it.each(podCases)("$control with $name: passed=$passed", (testCase) => {
    expectCase(podFindings(testCase.edit), testCase);
  });

  it("names the pod subject and the pod remediation", () => {
    const finding = findingOf(podFindings((pod) => (container(pod).securityContext.privileged = true)), "pss.baseline.privileged");

    expect(finding.subject).toBe("pod");
    expect(finding.workload).toBe("kaniko-run-1");
    expect(finding.remediation).toContain("securityContext.privileged");
  });
});

describe("checkPodSecurityStandards on Docker containers", () => {
  it("passes every control for a restricted container", () => {
    const findings = dockerFindings(() => {});

    expect(findings.filter((finding) => !finding.passed)).toEqual([]);
    expect(pssLevelOf(findings)).toBe("restricted");
  });

  it.each(dockerCases)("$control with $name: passed=$passed", (testCase) => {
    expectCase(dockerFindings(testCase.edit), testCase);
  });

  it("names the Docker flag in the remediation", () => {
    const finding = findingOf(dockerFindings((inspect) => (inspect.HostConfig.Privileged = true)), "pss.baseline.privileged");

    expect(finding.subject).toBe("container");
    expect(finding.remediation).toContain("--privileged");
  });
});

describe("pssLevelOf", () => {
  it("returns baseline when only restricted controls fail", () => {
    expect(pssLevelOf(dockerFindings((inspect) => (inspect.Config.User = "")))).toBe("baseline");
  });

  it("returns privileged when a baseline control fails", () => {
    expect(pssLevelOf(podFindings((pod) => (pod.spec.hostPID = true)))).toBe("privileged");
  });
});
