// Test-only program: serves one image whose single uncompressed layer is generated on the fly,
// from a separate process so that the memory test measures only the reader. Node 24 runs this
// file directly (type stripping), so it imports nothing but Node's modules and tar-stream.
//
// Usage: node serve-large-layer.ts LARGE_FILES LARGE_FILE_MIB SMALL_FILES
// Prints one JSON line {"host","digest","size"} once it listens on 127.0.0.1, then serves until killed.
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tarStream from "tar-stream";

const [largeFiles, largeFileMib, smallFiles] = process.argv.slice(2).map(Number);
const largeFileBytes = largeFileMib * 1024 * 1024;
// Every large file repeats one random 64 KiB block, and each read generates the layer again from it.
const block = randomBytes(64 * 1024);
const mtime = new Date("2024-01-01T00:00:00Z");

function addEntry(pack: ReturnType<typeof tarStream.pack>, name: string, size: number, write: (sink: Writable) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = pack.entry({ name, size, mode: 0o644, mtime }, (error) => (error ? reject(error) : resolve())) as unknown as Writable;
    write(sink).then(() => sink.end(), reject);
  });
}

function openLayer(): Readable {
  const pack = tarStream.pack();
  const produce = async () => {
    for (let index = 0; index < largeFiles; index += 1) {
      await addEntry(pack, `big/file-${index}`, largeFileBytes, async (sink) => {
        for (let written = 0; written < largeFileBytes; written += block.length) {
          if (!sink.write(block)) await once(sink, "drain");
        }
      });
    }
    for (let index = 0; index < smallFiles; index += 1) {
      pack.entry({ name: `small/file-${index}`, mode: 0o644, mtime }, `small ${index}`);
    }
    pack.finalize();
  };
  produce().catch((error: Error) => pack.destroy(error));
  return pack as unknown as Readable;
}

const sha256 = (data: Buffer | string) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

const hash = createHash("sha256");
let size = 0;
for await (const chunk of openLayer()) {
  hash.update(chunk as Buffer);
  size += (chunk as Buffer).length;
}
const layerDigest = `sha256:${hash.digest("hex")}`;

const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: {}, rootfs: { type: "layers", diff_ids: [layerDigest] } }));
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: layerDigest, size }],
  }),
);

const server = createServer((request, response) => {
  const path = request.url ?? "/";
  if (path === "/v2/test/large/manifests/v1") {
    response.writeHead(200, { "Content-Type": "application/vnd.oci.image.manifest.v1+json" });
    response.end(manifest);
  } else if (path === `/v2/test/large/blobs/${sha256(config)}`) {
    response.writeHead(200, { "Content-Length": String(config.length) });
    response.end(config);
  } else if (path === `/v2/test/large/blobs/${layerDigest}`) {
    response.writeHead(200, { "Content-Length": String(size) });
    pipeline(openLayer(), response).catch(() => response.destroy());
  } else {
    response.writeHead(404);
    response.end();
  }
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
process.stdout.write(`${JSON.stringify({ host: `127.0.0.1:${(server.address() as AddressInfo).port}`, digest: layerDigest, size })}\n`);
