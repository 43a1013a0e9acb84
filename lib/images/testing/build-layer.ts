import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import tarStream, { type Header } from "tar-stream";

// Test-only helpers: unit tests build layer tarballs by hand with these. Production code never imports them.

export interface TestEntry {
  name: string;
  type?: Header["type"];
  content?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  linkname?: string;
  mtime?: Date;
  devmajor?: number;
  devminor?: number;
  pax?: Record<string, string>;
}

export interface TestLayer {
  /** The blob as the registry serves it (gzip-compressed unless built with `gzip: false`). */
  blob: Buffer;
  digest: string;
  /** sha256 of the uncompressed tar, as the config's rootfs.diff_ids lists it. */
  diffId: string;
  mediaType: string;
}

export const FIXED_MTIME = new Date("2024-01-01T00:00:00Z");

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** Writes the entries into a tar, in the order given, and gzips it unless `gzip` is false. */
export async function buildLayer(entries: TestEntry[], options: { gzip?: boolean; oci?: boolean } = {}): Promise<TestLayer> {
  const pack = tarStream.pack();
  for (const entry of entries) {
    const type = entry.type ?? "file";
    const header = {
      name: entry.name,
      type,
      mode: entry.mode ?? (type === "directory" ? 0o755 : 0o644),
      uid: entry.uid ?? 0,
      gid: entry.gid ?? 0,
      mtime: entry.mtime ?? FIXED_MTIME,
      linkname: entry.linkname,
      devmajor: entry.devmajor,
      devminor: entry.devminor,
      pax: entry.pax,
    };
    if (type === "file") pack.entry(header, entry.content ?? "");
    else pack.entry(header);
  }
  pack.finalize();

  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
  const tar = Buffer.concat(chunks);

  const gzip = options.gzip ?? true;
  const blob = gzip ? gzipSync(tar) : tar;
  const mediaType = options.oci
    ? `application/vnd.oci.image.layer.v1.tar${gzip ? "+gzip" : ""}`
    : gzip
      ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
      : "application/vnd.oci.image.layer.v1.tar";
  return { blob, digest: sha256Digest(blob), diffId: sha256Digest(tar), mediaType };
}
