import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPodSpec } from "../strategies/kaniko/build-pod-spec";
import type { Workload } from "../strategies/types";
import { evaluatePosture } from "./evaluate-posture";
import type { Finding, PostureReport } from "./types";

// Inspect outputs captured from this machine's Docker Engine 20.10 by fixtures/capture-fixtures.sh:
// `docker run --network none` of the lab busybox image, once plain, once with the Docker socket
// mounted, once with the Docker-in-Docker fallback flags.
function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8"));
}

const FALLBACK_NOTE =
  "privileged-fallback: host rejected privileged mode (unable to apply caps: operation not permitted); ran with " +
  "--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined " +
  "--security-opt systempaths=unconfined -v /sys/fs/cgroup:/sys/fs/cgroup:rw";

function findingOf(report: PostureReport, control: string): Finding {
  const finding = report.findings.find((candidate) => candidate.control === control);
  if (!finding) throw new Error(`missing finding for control ${control}`);
  return finding;
}

function failedControls(report: PostureReport): string[] {
  return report.findings.filter((finding) => !finding.passed).map((finding) => finding.control);
}

/** Returns the Kaniko pod as the Kubernetes runner creates it: root, no security context. */
function kanikoPod(): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "buildlab-kaniko-run-7", namespace: "buildlab-builds" },
    spec: {
      restartPolicy: "Never",
      containers: [
        {
          name: "kaniko",
          image: "localhost:5000/buildlab/kaniko-executor:lab",
          args: ["--dockerfile=Dockerfile", "--context=dir:///workspace"],
          volumeMounts: [{ name: "context", mountPath: "/workspace" }],
        },
      ],
      volumes: [{ name: "context", emptyDir: {} }],
    },
  };
}

describe("evaluatePosture with captured inspect outputs", () => {
  it("rates the plain container baseline", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "builder", inspect: fixture("inspect-plain") }]);

    expect(report.pssLevel).toBe("baseline");
    expect(failedControls(report).filter((control) => control.startsWith("pss.baseline."))).toEqual([]);
    expect(failedControls(report)).toContain("pss.restricted.run-as-non-root");
    expect(report.hostTakeoverFromDockerfile).toBe(false);
    expect(report.rootDaemonInvolved).toBe(false);
  });

  it("fails the socket control for the socket mount", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "builder", inspect: fixture("inspect-socket") }]);
    const socket = findingOf(report, "cis-docker.5.31");

    expect(socket.passed).toBe(false);
    expect(socket.severity).toBe("critical");
    expect(socket.evidence).toMatchObject({ field: "Mounts[0]", value: { Source: "/var/run/docker.sock" } });
    expect(findingOf(report, "pss.baseline.host-path-volumes").passed).toBe(false);
    expect(report.pssLevel).toBe("privileged");
    expect(report.rootDaemonInvolved).toBe(true);
  });

  it("rates the fallback flags privileged", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "daemon", inspect: fixture("inspect-dind-fallback") }], [FALLBACK_NOTE]);

    expect(report.pssLevel).toBe("privileged");
    expect(failedControls(report)).toEqual(
      expect.arrayContaining([
        "pss.baseline.capabilities",
        "pss.baseline.seccomp",
        "pss.baseline.apparmor",
        "pss.baseline.proc-mount",
        "buildlab.dind.privileged-fallback",
        "cis-docker.5.3",
        "cis-docker.5.21",
      ]),
    );
    expect(findingOf(report, "pss.baseline.proc-mount").evidence).toEqual({ field: "HostConfig.MaskedPaths", value: [] });
    expect(findingOf(report, "pss.baseline.capabilities").severity).toBe("critical");
    expect(report.hostTakeoverFromDockerfile).toBe(true);
    expect(report.rootDaemonInvolved).toBe(true);
  });

  it("names the daemon subject for the fallback", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "daemon", inspect: fixture("inspect-dind-fallback") }], [FALLBACK_NOTE]);
    const fallback = findingOf(report, "buildlab.dind.privileged-fallback");

    expect(fallback.subject).toBe("daemon");
    expect(fallback.workload).toBe(report.workloads[0].workload);
    expect(fallback.evidence).toEqual({ field: "notes", value: FALLBACK_NOTE });
  });
});

describe("evaluatePosture across strategies", () => {
  it("rates the host socket privileged", () => {
    const report = evaluatePosture([{ kind: "host-daemon", info: fixture("info-host"), socketPath: "/var/run/docker.sock" }]);

    expect(report.pssLevel).toBe("privileged");
    expect(report.findings[0].control).toBe("buildlab.host-daemon.socket");
    expect(report.rootDaemonInvolved).toBe(true);
    expect(report.hostTakeoverFromDockerfile).toBe(false);
    expect(report.summary).toContain("controls a daemon with root rights on the host");
    expect(report.summary).toContain('"default" seccomp profile');
  });

  it("rates the default Kaniko pod baseline", () => {
    const report = evaluatePosture([{ kind: "pod", spec: kanikoPod() }]);

    expect(report.pssLevel).toBe("baseline");
    expect(report.workloads).toEqual([{ subject: "pod", workload: "buildlab-kaniko-run-7", pssLevel: "baseline" }]);
    expect(report.rootDaemonInvolved).toBe(false);
    expect(report.summary).toContain("No Docker daemon with root rights takes part");
    expect(report.summary).toContain("pod");
  });

  it("names host networking of the Kaniko Docker runner", () => {
    const inspect = {
      Name: "/buildlab-kaniko-run-8",
      Config: { User: "" },
      HostConfig: { NetworkMode: "host", Memory: 2147483648, NanoCpus: 2000000000, Privileged: false, SecurityOpt: ["no-new-privileges"] },
      Mounts: [],
    };
    const report = evaluatePosture([{ kind: "docker-container", role: "builder", inspect }]);

    expect(report.pssLevel).toBe("privileged");
    expect(failedControls(report).filter((control) => control.startsWith("pss.baseline."))).toEqual(["pss.baseline.host-namespaces"]);
    expect(report.hostTakeoverFromDockerfile).toBe(false);
    expect(report.summary).toContain("share host namespaces (buildlab-kaniko-run-8)");
    expect(report.summary).toContain("run as root inside it");
  });

  it("leaves the pod's user to the image", () => {
    const report = evaluatePosture([{ kind: "pod", spec: kanikoPod() }]);

    expect(report.summary).toContain("nothing in the pod keeps its RUN steps from running as root");
  });

  it("rates the Kubernetes runner's pod baseline", () => {
    const pod = buildPodSpec({
      name: "buildlab-kaniko-run-9",
      namespace: "buildlab-builds",
      image: "localhost:5000/buildlab/kaniko-executor:lab",
      args: ["--context=tar://stdin"],
      labels: {},
      memoryBytes: 2 * 1024 * 1024 * 1024,
      cpus: 1,
      deadlineSeconds: 1800,
      registrySecret: "registry-credentials",
      terminationMessagePath: "/dev/termination-log",
    });
    const report = evaluatePosture([{ kind: "pod", spec: pod }]);

    expect(report.pssLevel).toBe("baseline");
    expect(failedControls(report)).toEqual(["pss.restricted.run-as-non-root", "pss.restricted.capabilities"]);
    expect(report.hostTakeoverFromDockerfile).toBe(false);
  });

  it("accepts a bare pod spec", () => {
    const report = evaluatePosture([{ kind: "pod", spec: kanikoPod().spec }]);

    expect(report.pssLevel).toBe("baseline");
    expect(report.workloads[0].workload).toBe("pod 1");
  });

  it("takes the least restricted workload's level", () => {
    const report = evaluatePosture([
      { kind: "pod", spec: kanikoPod() },
      { kind: "docker-container", role: "daemon", inspect: fixture("inspect-dind-fallback") },
    ]);

    expect(report.workloads.map((workload) => workload.pssLevel)).toEqual(["baseline", "privileged"]);
    expect(report.pssLevel).toBe("privileged");
    expect(report.summary).toContain("least restricted workload (buildlab-posture-fixture-dind-fallback");
  });

  it("does not count a client container as running build steps", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "client", inspect: fixture("inspect-socket") }]);

    expect(report.hostTakeoverFromDockerfile).toBe(false);
    expect(report.rootDaemonInvolved).toBe(true);
    expect(report.summary).toContain("has a Docker daemon socket");
  });
});

describe("evaluatePosture with missing or unreadable evidence", () => {
  it("gives no level without workloads", () => {
    const report = evaluatePosture([], []);

    expect(report.pssLevel).toBeNull();
    expect(report.findings).toEqual([]);
    expect(report.summary).toContain("no evidence");
  });

  it("reports an unreadable inspect output", () => {
    const workloads: Workload[] = [
      { kind: "docker-container", role: "builder", inspect: { HostConfig: { Privileged: "yes" } } },
      { kind: "pod", spec: kanikoPod() },
    ];
    const report = evaluatePosture(workloads);
    const unreadable = findingOf(report, "buildlab.evidence.readable");

    expect(report.pssLevel).toBeNull();
    expect(report.workloads[0].pssLevel).toBeNull();
    expect(unreadable.passed).toBe(false);
    expect(unreadable.evidence).toMatchObject({ field: "HostConfig.Privileged" });
    expect(report.summary).toContain("could not be read");
  });

  it("reports an unreadable pod", () => {
    const report = evaluatePosture([{ kind: "pod", spec: "not a pod" }]);

    expect(report.pssLevel).toBeNull();
    expect(findingOf(report, "buildlab.evidence.readable").subject).toBe("pod");
  });

  it("keeps the socket finding when /info is unreadable", () => {
    const report = evaluatePosture([{ kind: "host-daemon", info: null }]);

    expect(report.pssLevel).toBe("privileged");
    expect(findingOf(report, "buildlab.host-daemon.socket").passed).toBe(false);
    expect(findingOf(report, "buildlab.evidence.readable").severity).toBe("low");
  });
});

describe("evaluatePosture notes and order", () => {
  it("reads the fallback from the workload note", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "daemon", inspect: fixture("inspect-dind-fallback"), note: FALLBACK_NOTE }]);

    expect(report.findings.filter((finding) => finding.control === "buildlab.dind.privileged-fallback")).toHaveLength(1);
  });

  it("reports a repeated fallback note once", () => {
    const report = evaluatePosture(
      [{ kind: "docker-container", role: "daemon", inspect: fixture("inspect-dind-fallback"), note: FALLBACK_NOTE }],
      [FALLBACK_NOTE, FALLBACK_NOTE, "cleanup: volume kept"],
    );

    expect(report.findings.filter((finding) => finding.control === "buildlab.dind.privileged-fallback")).toHaveLength(1);
  });

  it("ignores notes of other kinds", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "builder", inspect: fixture("inspect-plain") }], ["cleanup: volume kept"]);

    expect(report.findings.some((finding) => finding.control.startsWith("buildlab.dind."))).toBe(false);
  });

  it("lists failed findings worst first", () => {
    const report = evaluatePosture([{ kind: "docker-container", role: "daemon", inspect: fixture("inspect-dind-fallback") }], [FALLBACK_NOTE]);
    const order = ["critical", "high", "medium", "low", "info"];
    const firstPassed = report.findings.findIndex((finding) => finding.passed);
    const failed = report.findings.slice(0, firstPassed);

    expect(firstPassed).toBeGreaterThan(0);
    expect(failed.every((finding) => !finding.passed)).toBe(true);
    expect(report.findings.slice(firstPassed).every((finding) => finding.passed)).toBe(true);
    expect(failed.map((finding) => order.indexOf(finding.severity))).toEqual([...failed.map((finding) => order.indexOf(finding.severity))].sort((a, b) => a - b));
  });
});
