import { describe, expect, it } from "vitest";
import { buildPodSpec, type PodSpecInput } from "./build-pod-spec";

const input: PodSpecInput = {
  name: "buildlab-kaniko-run1",
  namespace: "buildlab-builds",
  image: "buildlab/kaniko-executor:lab",
  args: ["--context=tar://stdin", "--destination=localhost:5000/buildlab/cmp1:run1"],
  labels: { "org.buildlab.app": "buildlab", "org.buildlab.run": "run1", "org.buildlab.kaniko-role": "executor" },
  memoryBytes: 2 * 1024 * 1024 * 1024,
  cpus: 1.5,
  deadlineSeconds: 900,
  terminationMessagePath: "/dev/termination-log",
};

describe("buildPodSpec", () => {
  it("never runs the executor privileged", () => {
    const container = buildPodSpec(input).spec!.containers[0];

    expect(container.securityContext?.privileged).toBe(false);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext?.capabilities).toBeUndefined();
  });

  it("sets equal requests and limits", () => {
    const resources = buildPodSpec(input).spec!.containers[0].resources!;

    expect(resources.limits).toEqual({ cpu: "1500m", memory: "2048Mi" });
    expect(resources.requests).toEqual(resources.limits);
  });

  it("sets the deadline and restartPolicy Never", () => {
    const spec = buildPodSpec(input).spec!;

    expect(spec.activeDeadlineSeconds).toBe(900);
    expect(spec.restartPolicy).toBe("Never");
  });

  it("labels the pod with the run's labels", () => {
    const pod = buildPodSpec(input);

    expect(pod.metadata?.labels).toEqual(input.labels);
    expect(pod.metadata?.namespace).toBe("buildlab-builds");
    expect(pod.metadata?.name).toBe("buildlab-kaniko-run1");
  });

  it("opens stdin once for the context", () => {
    const container = buildPodSpec(input).spec!.containers[0];

    expect(container.stdin).toBe(true);
    expect(container.stdinOnce).toBe(true);
    expect(container.tty).toBe(false);
    expect(container.args).toEqual(input.args);
  });

  it("gives the executor no service account token", () => {
    const spec = buildPodSpec(input).spec!;

    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBeUndefined();
    expect(buildPodSpec({ ...input, serviceAccount: "builder" }).spec!.serviceAccountName).toBe("builder");
  });

  it("mounts registry credentials from a Secret", () => {
    const spec = buildPodSpec({ ...input, registrySecret: "registry-creds" }).spec!;

    expect(spec.volumes).toEqual([
      { name: "registry-credentials", secret: { secretName: "registry-creds", items: [{ key: ".dockerconfigjson", path: "config.json" }] } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: "registry-credentials", mountPath: "/kaniko/.docker", readOnly: true }]);
    expect(spec.containers[0].env).toBeUndefined();
  });

  it("mounts nothing without a Secret", () => {
    const spec = buildPodSpec(input).spec!;

    expect(spec.volumes).toBeUndefined();
    expect(spec.containers[0].volumeMounts).toBeUndefined();
  });

  it("reports the digest file as the termination message", () => {
    const container = buildPodSpec(input).spec!.containers[0];

    expect(container.terminationMessagePath).toBe("/dev/termination-log");
    expect(container.terminationMessagePolicy).toBe("File");
  });

  it("uses the runtime's default seccomp profile", () => {
    expect(buildPodSpec(input).spec!.securityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
  });
});
