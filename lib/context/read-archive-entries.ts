import { pipeline as pipelineCallback, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

import { BuildlabError } from "../errors";
import type { ContextEntry } from "./write-context-tar";

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads the entries of an uploaded tar, gunzipping it first when it starts with the gzip magic
 * bytes. Each entry's content is read from the archive stream itself, so the consumer must read it
 * before it requests the next entry. Whatever the consumer leaves unread is skipped.
 * Throws `invalid_context` when the upload is not a tar archive, is truncated or is corrupt gzip,
 * and `context_too_large` once the uncompressed tar passes `maxTarBytes`.
 */
export async function* readArchiveEntries(input: Readable, maxTarBytes: number): AsyncGenerator<ContextEntry> {
  const extract = tar.extract();
  let failure: unknown;
  extract.on("error", (error: unknown) => {
    failure = error;
  });
  const feeding = pipeline(Readable.from(limitBytes(decompressIfGzip(input), maxTarBytes)), extract);
  // Awaited after the last entry; a failure also reaches the loop through the destroyed extract.
  feeding.catch(() => {});

  try {
    for await (const stream of extract) {
      const header = stream.header;
      // Taking the iterator now subscribes to the entry's errors at once. Node's pipeline would wait
      // forever on a tar-stream entry that was destroyed before it subscribed.
      const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      yield {
        name: header.name,
        type: header.type,
        size: header.size,
        mode: header.mode,
        linkname: header.linkname ?? undefined,
        open: () => Readable.from(readChunks(chunks, () => failure)),
      };
      stream.resume();
    }
    await feeding;
  } catch (error) {
    throw toArchiveError(failure ?? error);
  } finally {
    extract.destroy();
    input.destroy();
  }
}

async function* readChunks(chunks: AsyncIterator<Buffer>, failure: () => unknown): AsyncGenerator<Buffer> {
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  } catch (error) {
    throw toArchiveError(failure() ?? error);
  }
}

async function* limitBytes(chunks: AsyncIterable<Buffer>, maxTarBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > maxTarBytes) {
      throw new BuildlabError(
        "context_too_large",
        `The uploaded tar is larger than ${maxTarBytes} bytes once uncompressed, counting headers and folders. ` +
          "Add what the build does not need to .dockerignore, or upload a smaller context.",
        { limit: "archive", max: maxTarBytes },
      );
    }
    yield chunk;
  }
}

async function* decompressIfGzip(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, Buffer.from(next.value)]);
  }

  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value);
    }
  }

  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
    yield* rest();
    return;
  }
  // The callback form returns the last stream and destroys all of them with the first error, so a
  // corrupt upload surfaces in the loop below.
  const gunzipped = pipelineCallback(Readable.from(rest()), createGunzip(), () => {});
  for await (const chunk of gunzipped) yield chunk as Buffer;
}

function toArchiveError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof BuildlabError) return error;

  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code.startsWith("Z_")) {
    return new BuildlabError(
      "invalid_context",
      `The upload starts like gzip but could not be decompressed (${error.message}). ` +
        "Upload an intact .tar.gz or an uncompressed .tar of the context.",
      { cause: error.message },
    );
  }
  if (error.message === "Unexpected end of data") {
    return new BuildlabError(
      "invalid_context",
      "The tar archive ends in the middle of an entry, so the upload is truncated. Upload the whole archive again.",
      { cause: error.message },
    );
  }
  if (/^(Invalid tar header|Invalid header|Header exceeds max size)/.test(error.message)) {
    return new BuildlabError(
      "invalid_context",
      `The upload is not a valid tar archive (${error.message}). Upload a .tar or .tar.gz of the context folder.`,
      { cause: error.message },
    );
  }
  return error;
}
