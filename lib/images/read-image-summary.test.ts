import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readImageSummary } from "./read-image-summary";
import { buildLayer, sha256Digest, type TestLayer } from "./testing/build-layer";
import { serveTestRegistry, type TestRegistry } from "./testing/serve-test-registry";

let registry: TestRegistry;

beforeAll(async () => {
  registry = await serveTestRegistry();
});

afterAll(async () => {
  await registry.close();
});

async function layeredImage(): Promise<TestLayer[]> {
  const base = await buildLayer([
    { name: "bin/", type: "directory" },
    { name: "bin/tool", content: "#!/bin/sh\necho tool\n", mode: 0o755 },
    { name: "etc/", type: "directory" },
    { name: "etc/config", content: "level=1\n" },
    { name: "etc/removed", content: "soon gone\n" },
    { name: "opt/", type: "directory" },
    { name: "opt/old-a", content: "a" },
    { name: "opt/old-b", content: "b" },
    { name: "data/", type: "directory" },
    { name: "data/inner/", type: "directory" },
    { name: "data/inner/file", content: "inside" },
    { name: "srv/", type: "directory" },
    { name: "srv/hard-a", content: "shared content" },
    { name: "srv/hard-b", type: "link", linkname: "srv/hard-a" },
    { name: "usr/lib/deep/file", content: "no parent entries" },
  ]);
  const second = await buildLayer([
    { name: "etc/", type: "directory" },
    { name: "etc/.wh.removed" },
    { name: "etc/config", content: "level=2\n", mode: 0o600, uid: 1000, gid: 1000 },
    { name: "etc/link", type: "symlink", linkname: "config" },
    { name: "opt/", type: "directory", mode: 0o750 },
    { name: "opt/.wh..wh..opq" },
    { name: "opt/new", content: "new" },
    { name: "data", content: "a file where a directory was" },
    { name: "bin/tool", content: "#!/bin/sh\necho tool\n", mode: 0o4755 },
    { name: "dev/", type: "directory" },
    { name: "dev/null", type: "character-device", devmajor: 1, devminor: 3, mode: 0o666 },
    { name: "dev/pipe", type: "fifo", mode: 0o600 },
    { name: "sbin/ping", content: "ping", pax: { "SCHILY.xattr.security.capability": "cap_net_raw" } },
  ]);
  return [base, second];
}

describe("readImageSummary", () => {
  it("applies layers with whiteouts, opaque directories and replacements", async () => {
    registry.pushImage("test/layered", "v1", { layers: await layeredImage(), config: { config: { Cmd: ["sh"] } } });

    const summary = await readImageSummary(`${registry.host}/test/layered:v1`);
    const { files } = summary;

    expect(files["/etc/removed"]).toBeUndefined();
    expect(files["/etc/config"]).toMatchObject({ type: "file", mode: 0o600, uid: 1000, gid: 1000, size: 8, sha256: sha256Digest("level=2\n"), layer: 1 });
    expect(files["/etc/link"]).toMatchObject({ type: "symlink", linkTarget: "config" });
    expect(files["/opt/old-a"]).toBeUndefined();
    expect(files["/opt/old-b"]).toBeUndefined();
    expect(files["/opt/new"]).toMatchObject({ type: "file", size: 3 });
    expect(files["/opt"]).toMatchObject({ type: "dir", mode: 0o750 });
    expect(files["/data"]).toMatchObject({ type: "file", sha256: sha256Digest("a file where a directory was") });
    expect(files["/data/inner"]).toBeUndefined();
    expect(files["/data/inner/file"]).toBeUndefined();
    expect(files["/bin/tool"]).toMatchObject({ mode: 0o4755 });
    expect(files["/dev/null"]).toMatchObject({ type: "char-device", device: { major: 1, minor: 3 }, mode: 0o666 });
    expect(files["/dev/pipe"]).toMatchObject({ type: "fifo" });
    expect(files["/sbin/ping"]?.xattrs).toEqual({ "security.capability": "cap_net_raw" });
    expect(files["/usr/lib/deep"]).toMatchObject({ type: "dir", mode: 0o755, uid: 0, gid: 0, implicit: true });
  });

  it("resolves hard links to one group keyed by the smallest path", async () => {
    registry.pushImage("test/layered", "v2", { layers: await layeredImage() });

    const { files } = await readImageSummary(`${registry.host}/test/layered:v2`);

    expect(files["/srv/hard-a"]).toMatchObject({ type: "file", hardLinkGroup: "/srv/hard-a", sha256: sha256Digest("shared content") });
    expect(files["/srv/hard-b"]).toMatchObject({ type: "file", hardLinkGroup: "/srv/hard-a", sha256: sha256Digest("shared content") });
    expect(files["/etc/config"]?.hardLinkGroup).toBeUndefined();
  });

  it("breaks a hard link when a later layer rewrites one path", async () => {
    const first = await buildLayer([
      { name: "b-original", content: "same" },
      { name: "a-link", type: "link", linkname: "b-original" },
    ]);
    const second = await buildLayer([{ name: "a-link", content: "changed", mode: 0o600 }]);
    registry.pushImage("test/hardlink-broken", "v1", { layers: [first, second] });

    const { files } = await readImageSummary(`${registry.host}/test/hardlink-broken:v1`);

    expect(files["/a-link"]).toMatchObject({ sha256: sha256Digest("changed"), mode: 0o600 });
    expect(files["/a-link"]?.hardLinkGroup).toBeUndefined();
    expect(files["/b-original"]?.hardLinkGroup).toBeUndefined();
  });

  it("keeps a dangling hard link as type hardlink", async () => {
    const layer = await buildLayer([{ name: "orphan", type: "link", linkname: "nowhere" }]);
    registry.pushImage("test/dangling", "v1", { layers: [layer] });

    const { files } = await readImageSummary(`${registry.host}/test/dangling:v1`);

    expect(files["/orphan"]).toMatchObject({ type: "hardlink", linkTarget: "nowhere" });
  });

  it("reads uncompressed layers and OCI manifests", async () => {
    const layer = await buildLayer([{ name: "plain.txt", content: "not compressed" }], { gzip: false, oci: true });
    registry.pushImage("test/oci", "v1", { layers: [layer], format: "oci" });

    const summary = await readImageSummary(`${registry.host}/test/oci:v1`);

    expect(summary.manifestMediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(summary.layers[0]).toMatchObject({ mediaType: "application/vnd.oci.image.layer.v1.tar", diffId: layer.diffId });
    expect(summary.files["/plain.txt"]).toMatchObject({ type: "file", sha256: sha256Digest("not compressed") });
  });

  it("reads gzip layers and OCI gzip layers", async () => {
    const docker = await buildLayer([{ name: "one", content: "1" }]);
    const oci = await buildLayer([{ name: "two", content: "2" }], { oci: true });
    registry.pushImage("test/gzip", "v1", { layers: [docker, oci], format: "oci" });

    const { files, layers } = await readImageSummary(`${registry.host}/test/gzip:v1`);

    expect(layers.map((layer) => layer.mediaType)).toEqual(["application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.oci.image.layer.v1.tar+gzip"]);
    expect(files["/one"]?.sha256).toBe(sha256Digest("1"));
    expect(files["/two"]?.sha256).toBe(sha256Digest("2"));
  });

  it("summarises the image configuration", async () => {
    const layer = await buildLayer([{ name: "app/", type: "directory" }]);
    registry.pushImage("test/config", "v1", {
      layers: [layer],
      config: {
        created: "2024-01-01T00:00:00Z",
        config: {
          Entrypoint: ["/app/run"],
          Cmd: ["--serve"],
          Env: ["PATH=/usr/bin:/bin", "MODE=prod"],
          WorkingDir: "/app",
          User: "1000:1000",
          ExposedPorts: { "8080/tcp": {}, "53/udp": {} },
          Labels: { "org.example.team": "images" },
          Volumes: { "/data": {} },
          StopSignal: "SIGTERM",
          Shell: ["/bin/sh", "-c"],
        },
        history: [{ created: "2024-01-01T00:00:00Z", created_by: "COPY app /app" }],
      },
    });

    const summary = await readImageSummary(`${registry.host}/test/config:v1`);

    expect(summary.architecture).toBe("amd64");
    expect(summary.os).toBe("linux");
    expect(summary.created).toBe("2024-01-01T00:00:00Z");
    expect(summary.config).toEqual({
      entrypoint: ["/app/run"],
      cmd: ["--serve"],
      env: ["PATH=/usr/bin:/bin", "MODE=prod"],
      workingDir: "/app",
      user: "1000:1000",
      exposedPorts: ["53/udp", "8080/tcp"],
      labels: { "org.example.team": "images" },
      volumes: ["/data"],
      stopSignal: "SIGTERM",
      shell: ["/bin/sh", "-c"],
    });
    expect(summary.history).toEqual([{ created: "2024-01-01T00:00:00Z", createdBy: "COPY app /app" }]);
  });

  it("picks linux/amd64 from a manifest list", async () => {
    const amd64 = registry.pushImage("test/multi", "amd64-only", { layers: [await buildLayer([{ name: "arch", content: "amd64" }])] });
    const arm64 = registry.pushImage("test/multi", "arm64-only", {
      layers: [await buildLayer([{ name: "arch", content: "arm64" }])],
      config: { architecture: "arm64" },
    });
    registry.addManifest("test/multi", "v1", "application/vnd.oci.image.index.v1+json", {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        { mediaType: "application/vnd.docker.distribution.manifest.v2+json", digest: arm64.manifestDigest, size: 1, platform: { os: "linux", architecture: "arm64", variant: "v8" } },
        { mediaType: "application/vnd.docker.distribution.manifest.v2+json", digest: amd64.manifestDigest, size: 1, platform: { os: "linux", architecture: "amd64" } },
      ],
    });

    const chosen = await readImageSummary(`${registry.host}/test/multi:v1`, { registry: { platform: "linux/amd64" } });
    const arm = await readImageSummary(`${registry.host}/test/multi:v1`, { registry: { platform: "linux/arm64/v8" } });

    expect(chosen.manifestDigest).toBe(amd64.manifestDigest);
    expect(chosen.files["/arch"]?.sha256).toBe(sha256Digest("amd64"));
    expect(arm.architecture).toBe("arm64");
    await expect(readImageSummary(`${registry.host}/test/multi:v1`, { registry: { platform: "linux/s390x" } })).rejects.toThrow(
      /no image for linux\/s390x; it offers: linux\/arm64\/v8, linux\/amd64/,
    );
  });

  it("reads an image by digest", async () => {
    const pushed = registry.pushImage("test/by-digest", "v1", { layers: [await buildLayer([{ name: "x", content: "x" }])] });

    const summary = await readImageSummary(`${registry.host}/test/by-digest@${pushed.manifestDigest}`);

    expect(summary.manifestDigest).toBe(pushed.manifestDigest);
    expect(summary.configDigest).toBe(pushed.configDigest);
  });

  it("rejects a layer whose digest does not match", async () => {
    const honest = await buildLayer([{ name: "file", content: "expected" }]);
    const tampered = await buildLayer([{ name: "file", content: "tampered" }]);
    registry.pushImage("test/tampered", "v1", { layers: [honest] });
    registry.addStreamedBlob(honest.digest, tampered.blob.length, () => Readable.from([tampered.blob]));

    await expect(readImageSummary(`${registry.host}/test/tampered:v1`)).rejects.toThrow(/failed digest verification: expected sha256:/);
  });

  it("rejects a layer whose uncompressed content differs from its diff id", async () => {
    const layer = await buildLayer([{ name: "file", content: "x" }]);
    const wrongDiffId = { ...layer, diffId: sha256Digest("something else") };
    registry.pushImage("test/wrong-diff-id", "v1", { layers: [wrongDiffId] });

    await expect(readImageSummary(`${registry.host}/test/wrong-diff-id:v1`)).rejects.toThrow(/uncompressed content of layer 1 of 1 .* failed digest verification/);
  });

  it("rejects a manifest that does not match the digest asked for", async () => {
    const pushed = registry.pushImage("test/manifest-swap", "v1", { layers: [await buildLayer([{ name: "x", content: "x" }])] });
    const other = registry.pushImage("test/manifest-swap", "v2", { layers: [await buildLayer([{ name: "y", content: "y" }])] });
    // Serve v2's manifest under v1's digest, as a corrupt or malicious registry could.
    registry.addManifest("test/manifest-swap", pushed.manifestDigest, "application/vnd.docker.distribution.manifest.v2+json", {
      schemaVersion: 2,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: other.configDigest, size: 1 },
      layers: [],
    });

    await expect(readImageSummary(`${registry.host}/test/manifest-swap@${pushed.manifestDigest}`)).rejects.toThrow(/failed digest verification/);
  });

  it("reports a missing image as not found", async () => {
    await expect(readImageSummary(`${registry.host}/test/absent:v1`)).rejects.toMatchObject({ code: "not_found" });
  });

  it("fetches a bearer token when the registry asks for one", async () => {
    const secured = await serveTestRegistry();
    try {
      secured.requireBearerToken("secret-token");
      secured.pushImage("test/secured", "v1", { layers: [await buildLayer([{ name: "x", content: "x" }])] });

      const summary = await readImageSummary(`${secured.host}/test/secured:v1`);

      expect(summary.files["/x"]?.type).toBe("file");
      expect(secured.requests.filter((path) => path === "/token")).toHaveLength(1);
    } finally {
      await secured.close();
    }
  });

  it("follows a blob redirect without sending the registry's token", async () => {
    const secured = await serveTestRegistry();
    const storage = await serveTestRegistry();
    try {
      secured.requireBearerToken("secret-token");
      const layer = await buildLayer([{ name: "redirected", content: "from storage" }]);
      secured.pushImage("test/redirect", "v1", { layers: [layer] });
      storage.addBlob(layer.blob);
      secured.redirectBlob(layer.digest, `http://${storage.host}/v2/storage/blobs/${layer.digest}`);

      const summary = await readImageSummary(`${secured.host}/test/redirect:v1`);

      expect(summary.files["/redirected"]?.sha256).toBe(sha256Digest("from storage"));
      expect(storage.requests).toEqual([`/v2/storage/blobs/${layer.digest}`]);
      expect(storage.authorizations).toEqual([undefined]);
    } finally {
      await secured.close();
      await storage.close();
    }
  });

  it("uses HTTPS for a registry that is not on this machine", async () => {
    const requested: string[] = [];
    const recordOnly = (async (input: URL | RequestInfo) => {
      requested.push(String(input));
      throw new Error("not sent: test stub");
    }) as typeof fetch;

    await expect(readImageSummary("registry.example.com/team/app:1.0", { registry: { fetch: recordOnly } })).rejects.toThrow(/Could not reach the registry/);

    expect(requested).toEqual(["https://registry.example.com/v2/team/app/manifests/1.0"]);
  });

  it("stops when the signal is aborted", async () => {
    registry.pushImage("test/aborted", "v1", { layers: [await buildLayer([{ name: "x", content: "x" }])] });
    const controller = new AbortController();
    controller.abort();

    await expect(readImageSummary(`${registry.host}/test/aborted:v1`, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});
