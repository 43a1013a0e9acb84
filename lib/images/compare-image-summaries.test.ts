import { describe, expect, it } from "vitest";
import { compareImageSummaries } from "./compare-image-summaries";
import type { FileSummary, ImageConfigSummary, ImageSummary } from "./types";

function file(extra: Partial<FileSummary> = {}): FileSummary {
  return { type: "file", mode: 0o644, uid: 0, gid: 0, size: 5, sha256: "sha256:aaaa", layer: 0, mtime: "2024-01-01T00:00:00.000Z", ...extra };
}

function dir(extra: Partial<FileSummary> = {}): FileSummary {
  return { type: "dir", mode: 0o755, uid: 0, gid: 0, layer: 0, ...extra };
}

function image(files: Record<string, FileSummary>, config: Partial<ImageConfigSummary> = {}, extra: Partial<ImageSummary> = {}): ImageSummary {
  return {
    ref: "localhost:5000/test/image:left",
    manifestDigest: "sha256:manifest",
    manifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
    configDigest: "sha256:config",
    architecture: "amd64",
    os: "linux",
    created: "2024-01-01T00:00:00Z",
    config: { env: [], exposedPorts: [], labels: {}, volumes: [], ...config },
    history: [],
    layers: [{ digest: "sha256:layer", mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 1, diffId: "sha256:diff" }],
    files,
    ...extra,
  };
}

describe("compareImageSummaries", () => {
  it("returns nothing for equal images", () => {
    const files = { "/app": dir(), "/app/run": file() };

    expect(compareImageSummaries(image(files), image(files))).toEqual([]);
  });

  it("reports each kind of file difference", () => {
    const left = image({
      "/bin/tool": file({ mode: 0o755 }),
      "/etc/config": file(),
      "/etc/size": file({ size: 5 }),
      "/link": { type: "symlink", mode: 0o777, uid: 0, gid: 0, linkTarget: "/etc/config", layer: 0 },
      "/only-left": file(),
      "/type": file(),
      "/work": dir({ uid: 1000, gid: 1000 }),
      "/hard-a": file({ hardLinkGroup: "/hard-a" }),
      "/hard-b": file({ hardLinkGroup: "/hard-a" }),
    });
    const right = image({
      "/bin/tool": file({ mode: 0o4755 }),
      "/etc/config": file({ sha256: "sha256:bbbb" }),
      "/etc/size": file({ size: 7, sha256: "sha256:cccc" }),
      "/link": { type: "symlink", mode: 0o777, uid: 0, gid: 0, linkTarget: "config", layer: 0 },
      "/only-right": file(),
      "/type": { type: "symlink", mode: 0o777, uid: 0, gid: 0, linkTarget: "x", layer: 0 },
      "/work": dir(),
      "/hard-a": file(),
      "/hard-b": file(),
    });

    const differences = compareImageSummaries(left, right, { leftLabel: "buildkit", rightLabel: "classic" });

    expect(differences.map((difference) => [difference.path, difference.kind])).toEqual([
      ["/bin/tool", "mode"],
      ["/etc/config", "content"],
      ["/etc/size", "size"],
      ["/hard-a", "hard-link-group"],
      ["/hard-b", "hard-link-group"],
      ["/link", "link-target"],
      ["/only-left", "missing"],
      ["/only-right", "extra"],
      ["/type", "type"],
      ["/work", "owner"],
    ]);
    const owner = differences.find((difference) => difference.kind === "owner")!;
    expect(owner).toMatchObject({ left: "1000:1000", right: "0:0", message: "/work is owned by 1000:1000 in buildkit but by 0:0 in classic" });
    expect(differences.find((difference) => difference.kind === "mode")).toMatchObject({ left: "0755", right: "04755" });
    expect(differences.find((difference) => difference.kind === "missing")?.message).toBe("/only-left is a file of 5 bytes in buildkit but missing from classic");
  });

  it("reports a missing directory once with the count under it", () => {
    const left = image({ "/a": dir(), "/a/b": dir(), "/a/b/c": file(), "/a-sibling": file() });
    const right = image({ "/a-sibling": file() });

    const differences = compareImageSummaries(left, right);

    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ kind: "missing", path: "/a", message: "/a is a directory in left but missing from right, with 2 paths under it" });
  });

  it("reports a directory replaced by a file once", () => {
    const left = image({ "/data": dir(), "/data/inner": file() });
    const right = image({ "/data": file() });

    const differences = compareImageSummaries(left, right);

    expect(differences.map((difference) => difference.kind)).toEqual(["type"]);
    expect(differences[0].message).toBe("/data is a directory in left but a file of 5 bytes in right, with 1 path under it");
  });

  it("ignores timestamps, layers, digests, history and buildlab labels by default", () => {
    const left = image({ "/f": file() }, { labels: { "org.buildlab.run": "one" } });
    const right = image(
      { "/f": file({ mtime: "2025-05-05T00:00:00.000Z", layer: 3 }) },
      { labels: { "org.buildlab.run": "two" } },
      {
        manifestDigest: "sha256:other",
        configDigest: "sha256:other-config",
        created: "2025-05-05T00:00:00Z",
        history: [{ createdBy: "COPY f /f" }],
        layers: [],
      },
    );

    expect(compareImageSummaries(left, right)).toEqual([]);

    const shown = compareImageSummaries(left, right, { showIgnored: true });
    expect(shown.map((difference) => difference.kind).sort()).toEqual(["created", "digest", "digest", "history", "label", "layers", "layers", "mtime"]);
    expect(shown.every((difference) => difference.ignored)).toBe(true);
  });

  it("ignores a symbolic link's own mode", () => {
    const left = image({ "/l": { type: "symlink", mode: 0o777, uid: 0, gid: 0, linkTarget: "t", layer: 0 } });
    const right = image({ "/l": { type: "symlink", mode: 0o755, uid: 0, gid: 0, linkTarget: "t", layer: 0 } });

    expect(compareImageSummaries(left, right)).toEqual([]);
    expect(compareImageSummaries(left, right, { showIgnored: true })).toMatchObject([{ kind: "mode", ignored: true }]);
  });

  it("reports configuration differences per key", () => {
    const left = image(
      {},
      {
        entrypoint: ["/app/run"],
        cmd: ["serve"],
        env: ["PATH=/bin", "MODE=prod"],
        workingDir: "/app",
        user: "app",
        exposedPorts: ["8080/tcp"],
        labels: { team: "images", "org.buildlab.strategy": "socket" },
        volumes: ["/data"],
      },
    );
    const right = image(
      {},
      {
        cmd: ["sh"],
        env: ["PATH=/usr/bin:/bin", "EXTRA=1"],
        exposedPorts: ["8080/tcp", "9090/tcp"],
        labels: { team: "platform", "org.buildlab.strategy": "kaniko" },
        stopSignal: "SIGQUIT",
      },
      { architecture: "arm64" },
    );

    const differences = compareImageSummaries(left, right);

    expect(differences.map((difference) => [difference.path, difference.kind])).toEqual([
      ["architecture", "platform"],
      ["config.Cmd", "cmd"],
      ["config.Entrypoint", "entrypoint"],
      ["config.Env.EXTRA", "env"],
      ["config.Env.MODE", "env"],
      ["config.Env.PATH", "env"],
      ["config.ExposedPorts", "exposed-ports"],
      ["config.Labels.team", "label"],
      ["config.StopSignal", "stop-signal"],
      ["config.User", "user"],
      ["config.Volumes", "volumes"],
      ["config.WorkingDir", "working-dir"],
    ]);
    expect(differences.find((difference) => difference.path === "config.Env.PATH")).toMatchObject({
      left: "/bin",
      right: "/usr/bin:/bin",
      message: 'config.Env.PATH is "/bin" in left but "/usr/bin:/bin" in right',
    });
    expect(differences.find((difference) => difference.kind === "exposed-ports")?.message).toBe("config.ExposedPorts differs: 9090/tcp only in right");
    expect(differences.find((difference) => difference.kind === "entrypoint")).toMatchObject({ left: ["/app/run"], right: null });
  });
});
