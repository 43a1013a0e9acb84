import { describe, expect, it } from "vitest";
import { exposesDockerSocket } from "./exposes-docker-socket";

describe("exposesDockerSocket", () => {
  it.each([
    { path: "/var/run/docker.sock", exposes: true },
    { path: "/run/docker.sock", exposes: true },
    { path: "/run/user/1000/docker.sock", exposes: true },
    { path: "/var/run", exposes: true },
    { path: "/var/run/", exposes: true },
    { path: "/run", exposes: true },
    { path: "/var", exposes: true },
    { path: "/", exposes: true },
    { path: "/var/lib/docker", exposes: false },
    { path: "/srv/docker.socket", exposes: false },
    { path: undefined, exposes: false },
  ])("returns $exposes for $path", ({ path, exposes }) => {
    expect(exposesDockerSocket(path)).toBe(exposes);
  });
});
