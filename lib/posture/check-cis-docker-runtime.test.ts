import { describe, expect, it } from "vitest";
import { checkCisDockerRuntime } from "./check-cis-docker-runtime";
import { dockerInspectSchema } from "./docker-inspect-schema";
import type { Finding } from "./types";

// Hand-written inspect outputs are edited freely in the case table below, so they are loosely typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = Record<string, any>;

/** Returns an inspect output that meets every CIS check; each case below changes one thing. */
function hardenedInspect(): Editable {
  return {
    Id: "0123456789abcdef",
    Name: "/buildlab-kaniko-run-2",
    AppArmorProfile: "docker-default",
    ProcessLabel: "system_u:system_r:container_t:s0:c1,c2",
    Mounts: [],
    Config: { User: "1000:1000" },
    HostConfig: {
      Privileged: false,
      NetworkMode: "none",
      PidMode: "",
      IpcMode: "private",
      UTSMode: "",
      UsernsMode: "",
      CapAdd: null,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      Binds: null,
      Memory: 2 * 1024 * 1024 * 1024,
      NanoCpus: 1_000_000_000,
      CpuShares: 0,
      PidsLimit: 4096,
      RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
      PortBindings: {},
      Devices: [],
      DeviceCgroupRules: null,
    },
  };
}

function cisFindings(edit: (inspect: Editable) => void): Finding[] {
  const inspect = hardenedInspect();
  edit(inspect);
  return checkCisDockerRuntime(dockerInspectSchema.parse(inspect), "container", "buildlab-kaniko-run-2");
}

function findingOf(findings: Finding[], control: string): Finding {
  const finding = findings.find((candidate) => candidate.control === control);
  if (!finding) throw new Error(`missing finding for control ${control}`);
  return finding;
}

function evidenceFields(finding: Finding): string[] {
  return (Array.isArray(finding.evidence) ? finding.evidence : [finding.evidence]).map((evidence) => evidence.field);
}

interface Case {
  name: string;
  control: string;
  edit: (inspect: Editable) => void;
  passed: boolean;
  field?: string;
  severity?: Finding["severity"];
}

const cases: Case[] = [
  { name: "an empty user", control: "cis-docker.4.1", passed: false, field: "Config.User", edit: (inspect) => (inspect.Config.User = "") },
  { name: "user root", control: "cis-docker.4.1", passed: false, edit: (inspect) => (inspect.Config.User = "root") },
  { name: "uid 0 with gid 0", control: "cis-docker.4.1", passed: false, edit: (inspect) => (inspect.Config.User = "0:0") },
  { name: "a user name", control: "cis-docker.4.1", passed: true, edit: (inspect) => (inspect.Config.User = "nobody") },
  { name: "AppArmorProfile unconfined", control: "cis-docker.5.1", passed: false, severity: "medium", field: "AppArmorProfile", edit: (inspect) => (inspect.AppArmorProfile = "unconfined") },
  { name: "apparmor=unconfined", control: "cis-docker.5.1", passed: false, severity: "medium", edit: (inspect) => inspect.HostConfig.SecurityOpt.push("apparmor=unconfined") },
  { name: "no AppArmor profile", control: "cis-docker.5.1", passed: false, severity: "low", edit: (inspect) => (inspect.AppArmorProfile = "") },
  { name: "a named AppArmor profile", control: "cis-docker.5.1", passed: true, edit: (inspect) => (inspect.AppArmorProfile = "buildlab-builder") },
  { name: "label=disable", control: "cis-docker.5.2", passed: false, severity: "medium", field: "HostConfig.SecurityOpt", edit: (inspect) => inspect.HostConfig.SecurityOpt.push("label=disable") },
  { name: "no SELinux label", control: "cis-docker.5.2", passed: false, severity: "low", field: "ProcessLabel", edit: (inspect) => (inspect.ProcessLabel = "") },
  { name: "a label option", control: "cis-docker.5.2", passed: true, edit: (inspect) => { inspect.ProcessLabel = ""; inspect.HostConfig.SecurityOpt.push("label=level:s0:c100,c200"); } },
  { name: "NET_ADMIN added", control: "cis-docker.5.3", passed: false, severity: "high", field: "HostConfig.CapAdd", edit: (inspect) => (inspect.HostConfig.CapAdd = ["NET_ADMIN"]) },
  { name: "SYS_ADMIN added", control: "cis-docker.5.3", passed: false, severity: "critical", edit: (inspect) => (inspect.HostConfig.CapAdd = ["SYS_ADMIN"]) },
  { name: "NET_RAW from the default set", control: "cis-docker.5.3", passed: true, edit: (inspect) => (inspect.HostConfig.CapAdd = ["NET_RAW", "chown"]) },
  { name: "Privileged", control: "cis-docker.5.4", passed: false, severity: "critical", field: "HostConfig.Privileged", edit: (inspect) => (inspect.HostConfig.Privileged = true) },
  { name: "/etc read-only", control: "cis-docker.5.5", passed: false, severity: "medium", field: "HostConfig.Binds[0]", edit: (inspect) => (inspect.HostConfig.Binds = ["/etc:/host/etc:ro"]) },
  { name: "/sys/fs/cgroup read-write", control: "cis-docker.5.5", passed: false, severity: "high", edit: (inspect) => (inspect.HostConfig.Binds = ["/sys/fs/cgroup:/sys/fs/cgroup:rw"]) },
  { name: "the host root read-write", control: "cis-docker.5.5", passed: false, severity: "critical", field: "Mounts[0]", edit: (inspect) => (inspect.Mounts = [{ Type: "bind", Source: "/", Destination: "/host", RW: true, Propagation: "rprivate" }]) },
  { name: "a data folder", control: "cis-docker.5.5", passed: true, edit: (inspect) => (inspect.HostConfig.Binds = ["/srv/data:/data"]) },
  { name: "a path that only starts like /etc", control: "cis-docker.5.5", passed: true, edit: (inspect) => (inspect.HostConfig.Binds = ["/etcetera:/data"]) },
  { name: "host port 80", control: "cis-docker.5.7", passed: false, field: "HostConfig.PortBindings", edit: (inspect) => (inspect.HostConfig.PortBindings = { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "80" }] }) },
  { name: "host port 18080", control: "cis-docker.5.7", passed: true, edit: (inspect) => (inspect.HostConfig.PortBindings = { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }] }) },
  { name: "NetworkMode host", control: "cis-docker.5.9", passed: false, field: "HostConfig.NetworkMode", edit: (inspect) => (inspect.HostConfig.NetworkMode = "host") },
  { name: "NetworkMode bridge", control: "cis-docker.5.9", passed: true, edit: (inspect) => (inspect.HostConfig.NetworkMode = "bridge") },
  { name: "no memory limit", control: "cis-docker.5.10", passed: false, field: "HostConfig.Memory", edit: (inspect) => (inspect.HostConfig.Memory = 0) },
  { name: "no CPU limit or share", control: "cis-docker.5.11", passed: false, field: "HostConfig.NanoCpus", edit: (inspect) => (inspect.HostConfig.NanoCpus = 0) },
  { name: "CPU shares only", control: "cis-docker.5.11", passed: true, edit: (inspect) => Object.assign(inspect.HostConfig, { NanoCpus: 0, CpuShares: 512 }) },
  { name: "a CPU quota only", control: "cis-docker.5.11", passed: true, edit: (inspect) => Object.assign(inspect.HostConfig, { NanoCpus: 0, CpuQuota: 50_000 }) },
  { name: "a writable root filesystem", control: "cis-docker.5.12", passed: false, field: "HostConfig.ReadonlyRootfs", edit: (inspect) => (inspect.HostConfig.ReadonlyRootfs = false) },
  { name: "restart always", control: "cis-docker.5.14", passed: false, field: "HostConfig.RestartPolicy", edit: (inspect) => (inspect.HostConfig.RestartPolicy = { Name: "always", MaximumRetryCount: 0 }) },
  { name: "restart unless-stopped", control: "cis-docker.5.14", passed: false, edit: (inspect) => (inspect.HostConfig.RestartPolicy = { Name: "unless-stopped", MaximumRetryCount: 0 }) },
  { name: "on-failure with 10 retries", control: "cis-docker.5.14", passed: false, edit: (inspect) => (inspect.HostConfig.RestartPolicy = { Name: "on-failure", MaximumRetryCount: 10 }) },
  { name: "on-failure with 5 retries", control: "cis-docker.5.14", passed: true, edit: (inspect) => (inspect.HostConfig.RestartPolicy = { Name: "on-failure", MaximumRetryCount: 5 }) },
  { name: "PidMode host", control: "cis-docker.5.15", passed: false, field: "HostConfig.PidMode", edit: (inspect) => (inspect.HostConfig.PidMode = "host") },
  { name: "PidMode of another container", control: "cis-docker.5.15", passed: true, edit: (inspect) => (inspect.HostConfig.PidMode = "container:0123456789ab") },
  { name: "IpcMode host", control: "cis-docker.5.16", passed: false, field: "HostConfig.IpcMode", edit: (inspect) => (inspect.HostConfig.IpcMode = "host") },
  { name: "a host device", control: "cis-docker.5.17", passed: false, field: "HostConfig.Devices", edit: (inspect) => (inspect.HostConfig.Devices = [{ PathOnHost: "/dev/fuse", PathInContainer: "/dev/fuse", CgroupPermissions: "rwm" }]) },
  { name: "a device cgroup rule", control: "cis-docker.5.17", passed: false, field: "HostConfig.DeviceCgroupRules", edit: (inspect) => (inspect.HostConfig.DeviceCgroupRules = ["b *:* rwm"]) },
  { name: "rshared propagation", control: "cis-docker.5.19", passed: false, field: "Mounts[0]", edit: (inspect) => (inspect.Mounts = [{ Type: "bind", Source: "/srv/mnt", Destination: "/mnt", RW: true, Propagation: "rshared" }]) },
  { name: "shared propagation in Binds", control: "cis-docker.5.19", passed: false, field: "HostConfig.Binds[0]", edit: (inspect) => (inspect.HostConfig.Binds = ["/srv/mnt:/mnt:rw,shared"]) },
  { name: "rprivate propagation", control: "cis-docker.5.19", passed: true, edit: (inspect) => (inspect.Mounts = [{ Type: "bind", Source: "/srv/mnt", Destination: "/mnt", RW: true, Propagation: "rprivate" }]) },
  { name: "UTSMode host", control: "cis-docker.5.20", passed: false, field: "HostConfig.UTSMode", edit: (inspect) => (inspect.HostConfig.UTSMode = "host") },
  { name: "seccomp=unconfined", control: "cis-docker.5.21", passed: false, field: "HostConfig.SecurityOpt", edit: (inspect) => inspect.HostConfig.SecurityOpt.push("seccomp=unconfined") },
  { name: "Privileged", control: "cis-docker.5.21", passed: false, field: "HostConfig.Privileged", edit: (inspect) => (inspect.HostConfig.Privileged = true) },
  { name: "no no-new-privileges", control: "cis-docker.5.25", passed: false, field: "HostConfig.SecurityOpt", edit: (inspect) => (inspect.HostConfig.SecurityOpt = []) },
  { name: "PidsLimit null", control: "cis-docker.5.28", passed: false, field: "HostConfig.PidsLimit", edit: (inspect) => (inspect.HostConfig.PidsLimit = null) },
  { name: "PidsLimit 0", control: "cis-docker.5.28", passed: false, edit: (inspect) => (inspect.HostConfig.PidsLimit = 0) },
  { name: "PidsLimit -1", control: "cis-docker.5.28", passed: false, edit: (inspect) => (inspect.HostConfig.PidsLimit = -1) },
  { name: "UsernsMode host", control: "cis-docker.5.30", passed: false, field: "HostConfig.UsernsMode", edit: (inspect) => (inspect.HostConfig.UsernsMode = "host") },
  { name: "the socket in Binds", control: "cis-docker.5.31", passed: false, severity: "critical", field: "HostConfig.Binds[0]", edit: (inspect) => (inspect.HostConfig.Binds = ["/var/run/docker.sock:/var/run/docker.sock"]) },
  { name: "the socket under /run in Mounts", control: "cis-docker.5.31", passed: false, field: "Mounts[0]", edit: (inspect) => (inspect.Mounts = [{ Type: "bind", Source: "/run/docker.sock", Destination: "/var/run/docker.sock", RW: true }]) },
  { name: "the folder that contains the socket", control: "cis-docker.5.31", passed: false, edit: (inspect) => (inspect.HostConfig.Binds = ["/var/run:/host-run:ro"]) },
  { name: "another daemon's socket", control: "cis-docker.5.31", passed: false, edit: (inspect) => (inspect.HostConfig.Binds = ["/tmp/buildlab-dind-x/docker.sock:/var/run/docker.sock"]) },
  { name: "an unrelated bind", control: "cis-docker.5.31", passed: true, edit: (inspect) => (inspect.HostConfig.Binds = ["/srv/context:/workspace:ro"]) },
];

describe("checkCisDockerRuntime", () => {
  it("passes every check for a hardened container", () => {
    const findings = cisFindings(() => {});

    expect(findings.filter((finding) => !finding.passed)).toEqual([]);
    expect(findings).toHaveLength(22);
  });

  it("names controls by CIS number", () => {
    const finding = findingOf(cisFindings((inspect) => (inspect.HostConfig.Privileged = true)), "cis-docker.5.4");

    expect(finding.title).toBe("CIS Docker 5.4: Ensure that privileged containers are not used");
    expect(finding.workload).toBe("buildlab-kaniko-run-2");
    expect(finding.remediation).toContain("--privileged");
  });

  it.each(cases)("$control with $name: passed=$passed", (testCase) => {
    const finding = findingOf(cisFindings(testCase.edit), testCase.control);

    expect(finding.passed).toBe(testCase.passed);
    if (testCase.field) expect(evidenceFields(finding)).toContain(testCase.field);
    if (testCase.severity) expect(finding.severity).toBe(testCase.severity);
  });
});
