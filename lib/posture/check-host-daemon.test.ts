import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkHostDaemon } from "./check-host-daemon";
import { dockerInfoSchema, type DockerInfo } from "./docker-info-schema";
import type { Finding } from "./types";

const hostInfo = dockerInfoSchema.parse(JSON.parse(readFileSync(new URL("./fixtures/info-host.json", import.meta.url), "utf8")));

function info(overrides: Partial<DockerInfo>): DockerInfo {
  return { ServerVersion: "20.10.24", SecurityOptions: ["name=seccomp,profile=default"], Plugins: { Authorization: null }, ...overrides };
}

function findingOf(findings: Finding[], control: string): Finding {
  const finding = findings.find((candidate) => candidate.control === control);
  if (!finding) throw new Error(`missing finding for control ${control}`);
  return finding;
}

describe("checkHostDaemon", () => {
  it("fails the socket control as critical for a root daemon", () => {
    const { findings } = checkHostDaemon(hostInfo, "/var/run/docker.sock");
    const socket = findingOf(findings, "buildlab.host-daemon.socket");

    expect(socket.passed).toBe(false);
    expect(socket.severity).toBe("critical");
    expect(socket.subject).toBe("host-daemon");
    expect(socket.explanation).toContain("root on the host");
    expect(socket.evidence).toContainEqual({ field: "socketPath", value: "/var/run/docker.sock" });
  });

  it("maps the socket onto the hostPath control", () => {
    const finding = findingOf(checkHostDaemon(hostInfo, undefined).findings, "pss.baseline.host-path-volumes");

    expect(finding.passed).toBe(false);
    expect(finding.evidence).toEqual({ field: "socketPath", value: "/var/run/docker.sock" });
  });

  it("reads this machine's daemon as root with seccomp", () => {
    const { findings, facts } = checkHostDaemon(hostInfo, undefined);

    expect(facts).toEqual({ rootless: false, seccompProfile: "default" });
    expect(findingOf(findings, "buildlab.host-daemon.rootless").passed).toBe(false);
    expect(findingOf(findings, "buildlab.host-daemon.seccomp").passed).toBe(true);
  });

  it.each([
    { name: "rootless", control: "buildlab.host-daemon.rootless", options: ["name=seccomp,profile=default", "name=rootless"], passed: true },
    { name: "not rootless", control: "buildlab.host-daemon.rootless", options: ["name=seccomp,profile=default"], passed: false },
    { name: "userns remapping", control: "cis-docker.2.8", options: ["name=userns"], passed: true },
    { name: "no userns remapping", control: "cis-docker.2.8", options: [], passed: false },
    { name: "seccomp unconfined", control: "buildlab.host-daemon.seccomp", options: ["name=seccomp,profile=unconfined"], passed: false },
    { name: "no seccomp", control: "buildlab.host-daemon.seccomp", options: ["name=apparmor"], passed: false },
    { name: "a custom seccomp profile", control: "buildlab.host-daemon.seccomp", options: ["name=seccomp,profile=/etc/docker/seccomp.json"], passed: true },
  ])("$control with $name: passed=$passed", ({ control, options, passed }) => {
    const finding = findingOf(checkHostDaemon(info({ SecurityOptions: options }), undefined).findings, control);

    expect(finding.passed).toBe(passed);
  });

  it("lowers the socket finding for a rootless daemon", () => {
    const socket = findingOf(checkHostDaemon(info({ SecurityOptions: ["name=rootless"] }), undefined).findings, "buildlab.host-daemon.socket");

    expect(socket.severity).toBe("high");
    expect(socket.explanation).toContain("the user account the daemon runs as");
  });

  it.each([
    { name: "an authorization plugin", plugins: ["opa-docker-authz"], passed: true },
    { name: "no authorization plugin", plugins: null, passed: false },
    { name: "an empty plugin list", plugins: [], passed: false },
  ])("cis-docker.2.11 with $name: passed=$passed", ({ plugins, passed }) => {
    const finding = findingOf(checkHostDaemon(info({ Plugins: { Authorization: plugins } }), undefined).findings, "cis-docker.2.11");

    expect(finding.passed).toBe(passed);
    expect(finding.evidence).toEqual({ field: "info.Plugins.Authorization", value: plugins });
  });

  it("keeps the socket findings without /info", () => {
    const { findings, facts } = checkHostDaemon(undefined, "/run/user/1000/docker.sock");

    expect(findings.map((finding) => finding.control)).toEqual(["buildlab.host-daemon.socket", "pss.baseline.host-path-volumes"]);
    expect(findings[0].explanation).toContain("could not confirm");
    expect(facts.rootless).toBeUndefined();
  });
});
