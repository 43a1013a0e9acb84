import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import tar, { type Header } from "tar-stream";

// Helpers for the context tests: craft tar archives and read stored ones back.

export interface TestTarEntry {
  name: string;
  type?: Header["type"];
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
  devmajor?: number;
  devminor?: number;
}

/** Packs the entries, in order, into an uncompressed tar held in memory. */
export async function makeTar(entries: TestTarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();

  for (const entry of entries) {
    const type = entry.type ?? "file";
    const header = {
      name: entry.name,
      type,
      mode: entry.mode ?? (type === "directory" ? 0o755 : 0o644),
      linkname: entry.linkname,
      devmajor: entry.devmajor,
      devminor: entry.devminor,
      mtime: new Date(1_700_000_000_000),
    };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (type === "file") pack.entry(header, entry.content ?? "", done);
      else pack.entry(header, done);
    });
  }
  pack.finalize();
  await collected;
  return Buffer.concat(chunks);
}

export interface StoredEntry {
  name: string;
  type: Header["type"];
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
  linkname: string | null;
  content: string;
}

/** Reads a stored context tar back into a list of entries with their text content. */
export async function readTar(path: string): Promise<StoredEntry[]> {
  const extract = tar.extract();
  const feeding = pipeline(createReadStream(path), extract);
  const entries: StoredEntry[] = [];
  for await (const stream of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const header = stream.header;
    entries.push({
      name: header.name,
      type: header.type,
      mode: header.mode,
      mtime: header.mtime.getTime(),
      uid: header.uid,
      gid: header.gid,
      linkname: header.linkname,
      content: Buffer.concat(chunks).toString("utf8"),
    });
  }
  await feeding;
  return entries;
}

/** Returns a stream of the buffer in chunks of the given size, as an HTTP upload arrives. */
export function streamOf(buffer: Buffer, chunkSize = 4096): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += chunkSize) chunks.push(buffer.subarray(offset, offset + chunkSize));
  return Readable.from(chunks);
}
