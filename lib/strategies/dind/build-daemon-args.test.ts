import { describe, expect, it } from "vitest";
import { buildDaemonArgs } from "./build-daemon-args";

describe("buildDaemonArgs", () => {
  it("listens on the socket folder", () => {
    const args = buildDaemonArgs({ kind: "socket" }, { socketGroupId: 1000 });

    expect(args).toContain("--host=unix:///run/buildlab/docker.sock");
    expect(args).toContain("--group=1000");
    expect(args.some((arg) => arg.startsWith("--host=tcp"))).toBe(false);
    expect(args.some((arg) => arg.startsWith("--cgroup-parent"))).toBe(false);
  });

  it("sets the cgroup parent", () => {
    const args = buildDaemonArgs({ kind: "socket" }, { cgroupParent: "buildlab-dind-run-1" });

    expect(args).toContain("--cgroup-parent=buildlab-dind-run-1");
  });

  it("keeps the default networking", () => {
    for (const transport of [{ kind: "socket" as const }, { kind: "tls" as const, certDir: "/certs", port: 2376 }]) {
      const args = buildDaemonArgs(transport, { cgroupParent: "buildlab-dind-run-1" });

      expect(args.filter((arg) => arg.startsWith("--bridge"))).toEqual([]);
      expect(args.filter((arg) => arg.startsWith("--iptables"))).toEqual([]);
      expect(args.filter((arg) => arg.startsWith("--ip6tables"))).toEqual([]);
      expect(args.filter((arg) => arg.startsWith("--ip-forward"))).toEqual([]);
    }
  });

  it("listens in the container with TLS", () => {
    const args = buildDaemonArgs({ kind: "tls", certDir: "/srv/certs", port: 12376 }, { socketGroupId: 1000 });

    expect(args).toContain("--host=tcp://0.0.0.0:2376");
    expect(args).toContain("--tlsverify");
    expect(args).toContain("--tlscacert=/certs/server/ca.pem");
    expect(args).toContain("--tlscert=/certs/server/cert.pem");
    expect(args).toContain("--tlskey=/certs/server/key.pem");
    expect(args.some((arg) => arg.startsWith("--host=unix"))).toBe(false);
    expect(args.some((arg) => arg.startsWith("--group"))).toBe(false);
  });
});
