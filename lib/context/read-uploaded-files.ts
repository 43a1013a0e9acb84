import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

import { contextTooLargeError } from "./context-too-large-error";
import type { ContextFilter } from "./create-context-filter";
import type { ContextEntry } from "./write-context-tar";

/** An uploaded file whose path is already normalized. */
export interface NormalizedUpload {
  path: string;
  open: () => Readable;
  size?: number;
  mode?: number;
  /** Content read ahead, such as the Dockerfile; used in place of `open`. */
  content?: Buffer;
}

export interface ReadUploadedFilesOptions {
  filter: ContextFilter;
  /** Folder for spooling files whose size the client did not report. */
  spoolDir: string;
  maxBytes: number;
}

/**
 * Yields the uploaded files the filter includes, in the given order. A tar header needs the size
 * before the content, so a file without a reported size is first streamed to a spool file in
 * `spoolDir`, which is removed once the entry is written. Spooling stops with `context_too_large`
 * as soon as the files so far pass `maxBytes`.
 */
export async function* readUploadedFiles(
  files: NormalizedUpload[],
  options: ReadUploadedFilesOptions,
): AsyncGenerator<ContextEntry> {
  let totalBytes = 0;
  for (const file of files) {
    if (!options.filter.includes(file.path)) continue;
    const mode = file.mode ?? 0o644;

    if (file.content) {
      const content = file.content;
      totalBytes += content.length;
      yield { name: file.path, type: "file", size: content.length, mode, open: () => Readable.from([content]) };
    } else if (file.size !== undefined) {
      totalBytes += file.size;
      yield { name: file.path, type: "file", size: file.size, mode, open: file.open };
    } else {
      const spoolPath = join(options.spoolDir, `.spool-${randomUUID()}`);
      try {
        const size = await spool(file, spoolPath, options.maxBytes - totalBytes, options.maxBytes);
        totalBytes += size;
        yield { name: file.path, type: "file", size, mode, open: () => createReadStream(spoolPath) };
      } finally {
        await rm(spoolPath, { force: true });
      }
    }
  }
}

async function spool(file: NormalizedUpload, spoolPath: string, remaining: number, maxBytes: number): Promise<number> {
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > remaining) callback(contextTooLargeError("bytes", maxBytes, file.path));
      else callback(null, chunk);
    },
  });
  await pipeline(file.open(), count, createWriteStream(spoolPath, { flags: "wx" }));
  return size;
}
