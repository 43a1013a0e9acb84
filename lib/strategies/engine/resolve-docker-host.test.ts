import { describe, expect, it } from "vitest";
import { resolveDockerHost } from "./resolve-docker-host";

describe("resolveDockerHost", () => {
  it.each([
    [undefined, { kind: "unix", socketPath: "/var/run/docker.sock", url: "unix:///var/run/docker.sock" }],
    ["", { kind: "unix", socketPath: "/var/run/docker.sock", url: "unix:///var/run/docker.sock" }],
    ["unix:///run/user/1000/docker.sock", { kind: "unix", socketPath: "/run/user/1000/docker.sock", url: "unix:///run/user/1000/docker.sock" }],
    ["tcp://127.0.0.1:2375", { kind: "tcp", host: "127.0.0.1", port: 2375, url: "tcp://127.0.0.1:2375" }],
    ["tcp://localhost", { kind: "tcp", host: "localhost", port: 2375, url: "tcp://localhost" }],
    ["tcp://[::1]:2376", { kind: "tcp", host: "::1", port: 2376, url: "tcp://[::1]:2376" }],
  ])("resolves %j", (dockerHost, expected) => {
    expect(resolveDockerHost(dockerHost)).toEqual(expected);
  });

  it.each(["ssh://user@host", "npipe:////./pipe/docker_engine", "/var/run/docker.sock", "unix://", "tcp://"])(
    "rejects %j",
    (dockerHost) => {
      expect(() => resolveDockerHost(dockerHost)).toThrow(`DOCKER_HOST="${dockerHost}" is not supported`);
    },
  );
});
