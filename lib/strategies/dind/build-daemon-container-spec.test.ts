import { describe, expect, it } from "vitest";
import { buildDaemonContainerSpec, type DaemonContainerOptions } from "./build-daemon-container-spec";

const base: DaemonContainerOptions = {
  image: "buildlab/dind:lab",
  name: "buildlab-dind-run-1",
  labels: { "org.buildlab.app": "buildlab", "org.buildlab.run": "run-1" },
  volumeName: "buildlab-dind-run-1",
  transport: { kind: "socket" },
  network: "bridge",
  socketDir: "/tmp/buildlab-dind-abc",
  privileged: true,
};

describe("buildDaemonContainerSpec", () => {
  it("runs privileged by default", () => {
    const spec = buildDaemonContainerSpec(base);

    expect(spec.HostConfig?.Privileged).toBe(true);
    expect(spec.HostConfig?.CapAdd).toBeUndefined();
    expect(spec.HostConfig?.Binds).toEqual(["/tmp/buildlab-dind-abc:/run/buildlab"]);
  });

  it("limits memory and CPUs when given limits", () => {
    const spec = buildDaemonContainerSpec({ ...base, limits: { memoryBytes: 512 * 1024 * 1024, cpus: 1.5 } });
    const host = spec.HostConfig ?? {};

    expect(host.Memory).toBe(512 * 1024 * 1024);
    expect(host.MemorySwap).toBe(512 * 1024 * 1024);
    expect(host.NanoCpus).toBe(1_500_000_000);
  });

  it("uses the explicit set as fallback", () => {
    const spec = buildDaemonContainerSpec({ ...base, privileged: false });
    const host = spec.HostConfig ?? {};

    expect(host.Privileged).toBeUndefined();
    expect(host.CapAdd).toEqual(["ALL"]);
    expect(host.CapDrop).toEqual(["SYS_RESOURCE"]);
    expect(host.SecurityOpt).toEqual(["seccomp=unconfined", "apparmor=unconfined"]);
    expect(host.MaskedPaths).toEqual([]);
    expect(host.ReadonlyPaths).toEqual([]);
    expect(host.Binds).toContain("/sys/fs/cgroup:/sys/fs/cgroup:rw");
  });

  it("sets the cgroup parent only in the fallback", () => {
    const privileged = buildDaemonContainerSpec({ ...base, cgroupParent: "buildlab-dind-run-1" });
    const fallback = buildDaemonContainerSpec({ ...base, privileged: false, cgroupParent: "buildlab-dind-run-1" });

    expect(privileged.Cmd).not.toContain("--cgroup-parent=buildlab-dind-run-1");
    expect(fallback.Cmd).toContain("--cgroup-parent=buildlab-dind-run-1");
  });

  it("mounts the volume and labels the container", () => {
    const spec = buildDaemonContainerSpec(base);

    expect(spec.name).toBe("buildlab-dind-run-1");
    expect(spec.Image).toBe("buildlab/dind:lab");
    expect(spec.Labels).toEqual(base.labels);
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: "volume", Source: "buildlab-dind-run-1", Target: "/var/lib/docker" }]);
    expect(spec.Cmd?.[0]).toBe("dockerd");
    expect(spec.Env).toEqual(["DOCKER_TLS_CERTDIR="]);
  });

  it("gives the container its own network", () => {
    const bridge = buildDaemonContainerSpec(base);
    const named = buildDaemonContainerSpec({ ...base, network: "buildlab-test-net" });

    expect(bridge.HostConfig?.NetworkMode).toBe("bridge");
    expect(named.HostConfig?.NetworkMode).toBe("buildlab-test-net");
    expect(bridge.HostConfig?.PortBindings).toBeUndefined();
    expect(bridge.ExposedPorts).toBeUndefined();
  });

  it("mounts server certificates for TLS", () => {
    const spec = buildDaemonContainerSpec({
      ...base,
      socketDir: undefined,
      transport: { kind: "tls", certDir: "/srv/dind-certs", port: 12376 },
    });

    expect(spec.HostConfig?.Binds).toEqual(["/srv/dind-certs/server:/certs/server:ro"]);
  });

  it("publishes the TLS port on loopback", () => {
    const spec = buildDaemonContainerSpec({
      ...base,
      socketDir: undefined,
      transport: { kind: "tls", certDir: "/srv/dind-certs", port: 12376 },
    });

    expect(spec.ExposedPorts).toEqual({ "2376/tcp": {} });
    expect(spec.HostConfig?.PortBindings).toEqual({ "2376/tcp": [{ HostIp: "127.0.0.1", HostPort: "12376" }] });
  });

  it("mounts the socket folder for TLS", () => {
    const spec = buildDaemonContainerSpec({
      ...base,
      transport: { kind: "tls", certDir: "/srv/dind-certs", port: 2376 },
    });

    expect(spec.HostConfig?.Binds).toEqual(["/tmp/buildlab-dind-abc:/run/buildlab", "/srv/dind-certs/server:/certs/server:ro"]);
  });

  it("requires a socket folder for the socket transport", () => {
    expect(() => buildDaemonContainerSpec({ ...base, socketDir: undefined })).toThrow(/socketDir is required/);
  });
});
