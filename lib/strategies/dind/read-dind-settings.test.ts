import { describe, expect, it } from "vitest";
import { readDindSettings } from "./read-dind-settings";

const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

describe("readDindSettings", () => {
  it("defaults to the socket transport", () => {
    const settings = readDindSettings(env({}));

    expect(settings.transport).toEqual({ kind: "socket" });
    expect(settings.image).toBe("buildlab/dind:lab");
    expect(settings.startTimeoutMs).toBe(60_000);
    expect(settings.registry).toBe("localhost:5000");
    expect(settings.network).toBe("bridge");
  });

  it("reads the network", () => {
    const settings = readDindSettings(env({ BUILDLAB_DIND_NETWORK: "buildlab-builds" }));

    expect(settings.network).toBe("buildlab-builds");
  });

  it("rejects the host network", () => {
    expect(() => readDindSettings(env({ BUILDLAB_DIND_NETWORK: "host" }))).toThrow(
      /BUILDLAB_DIND_NETWORK must not be "host", because the inner dockerd would change the host's network/,
    );
  });

  it("rejects no network with TLS", () => {
    expect(() =>
      readDindSettings(env({ BUILDLAB_DIND_TRANSPORT: "tls", BUILDLAB_DIND_TLS_CERT_DIR: "/c", BUILDLAB_DIND_NETWORK: "none" })),
    ).toThrow(/BUILDLAB_DIND_NETWORK must not be "none" when BUILDLAB_DIND_TRANSPORT is "tls"/);
  });

  it("rejects a loopback registry without port", () => {
    expect(() => readDindSettings(env({ BUILDLAB_REGISTRY: "localhost" }))).toThrow(
      /BUILDLAB_REGISTRY "localhost" is on the host's loopback but has no valid port/,
    );
  });

  it("reads the image and timeout", () => {
    const settings = readDindSettings(env({ BUILDLAB_DIND_IMAGE: "docker:dind", BUILDLAB_DIND_START_TIMEOUT_SECONDS: "5" }));

    expect(settings.image).toBe("docker:dind");
    expect(settings.startTimeoutMs).toBe(5_000);
  });

  it("reads the TLS transport", () => {
    const settings = readDindSettings(env({
      BUILDLAB_DIND_TRANSPORT: "tls",
      BUILDLAB_DIND_TLS_CERT_DIR: "/srv/dind-certs",
      BUILDLAB_DIND_TLS_PORT: "12376",
    }));

    expect(settings.transport).toEqual({ kind: "tls", certDir: "/srv/dind-certs", port: 12376 });
  });

  it("requires a certificate folder for TLS", () => {
    expect(() => readDindSettings(env({ BUILDLAB_DIND_TRANSPORT: "tls" }))).toThrow(/BUILDLAB_DIND_TLS_CERT_DIR is required/);
  });

  it("rejects an unknown transport", () => {
    expect(() => readDindSettings(env({ BUILDLAB_DIND_TRANSPORT: "ssh" }))).toThrow(/BUILDLAB_DIND_TRANSPORT/);
  });

  it("rejects a port out of range", () => {
    expect(() =>
      readDindSettings(env({ BUILDLAB_DIND_TRANSPORT: "tls", BUILDLAB_DIND_TLS_CERT_DIR: "/c", BUILDLAB_DIND_TLS_PORT: "70000" })),
    ).toThrow(/BUILDLAB_DIND_TLS_PORT/);
  });
});
