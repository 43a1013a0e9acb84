import { describe, expect, it } from "vitest";
import { dockerInspectSchema } from "./docker-inspect-schema";
import { readDockerMounts } from "./read-docker-mounts";

function mountsOf(inspect: Record<string, unknown>) {
  return readDockerMounts(dockerInspectSchema.parse({ HostConfig: {}, ...inspect }));
}

describe("readDockerMounts", () => {
  it("reads binds, volumes and propagation from Binds", () => {
    const mounts = mountsOf({ HostConfig: { Binds: ["/srv/ctx:/workspace:ro,rshared", "cache:/cache", "/tmp/x:/x"] } });

    expect(mounts).toMatchObject([
      { type: "bind", source: "/srv/ctx", destination: "/workspace", readOnly: true, propagation: "rshared", field: "HostConfig.Binds[0]" },
      { type: "volume", source: "cache", destination: "/cache", readOnly: false, driver: "local" },
      { type: "bind", source: "/tmp/x", destination: "/x", readOnly: false, propagation: "" },
    ]);
  });

  it("prefers Mounts over the requested binds", () => {
    const mounts = mountsOf({
      Mounts: [{ Type: "bind", Source: "/var/run/docker.sock", Destination: "/var/run/docker.sock", RW: true, Propagation: "rprivate" }],
      HostConfig: { Binds: ["/var/run/docker.sock:/var/run/docker.sock"] },
    });

    expect(mounts).toHaveLength(1);
    expect(mounts[0]).toMatchObject({ field: "Mounts[0]", propagation: "rprivate" });
  });

  it("names volumes by volume name", () => {
    const mounts = mountsOf({
      Mounts: [{ Type: "volume", Name: "buildlab-dind-1", Source: "/var/lib/docker/volumes/buildlab-dind-1/_data", Destination: "/var/lib/docker", Driver: "local", RW: true }],
    });

    expect(mounts[0]).toMatchObject({ type: "volume", source: "buildlab-dind-1", driver: "local" });
  });

  it("reads mounts of the mount API", () => {
    const mounts = mountsOf({
      HostConfig: { Mounts: [{ Type: "volume", Source: "cache", Target: "/cache", ReadOnly: true, VolumeOptions: { DriverConfig: { Name: "rexray/ebs" } } }] },
    });

    expect(mounts[0]).toMatchObject({ type: "volume", destination: "/cache", readOnly: true, driver: "rexray/ebs", field: "HostConfig.Mounts[0]" });
  });
});
