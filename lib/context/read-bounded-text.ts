import type { Readable } from "node:stream";

import { BuildlabError } from "../errors";

// A Dockerfile or .dockerignore larger than this is almost certainly the wrong file.
export const MAX_TEXT_BYTES = 1024 * 1024;

/** Returns the error for a Dockerfile or .dockerignore larger than MAX_TEXT_BYTES. */
export function textTooLargeError(name: string): BuildlabError {
  return new BuildlabError(
    "invalid_context",
    `"${name}" is larger than ${MAX_TEXT_BYTES} bytes, which is too large for a Dockerfile or .dockerignore. ` +
      "Check that the right file is at that path.",
    { entry: name },
  );
}

/** Reads a small stream such as a Dockerfile whole, throwing `invalid_context` past MAX_TEXT_BYTES. */
export async function readBoundedText(stream: Readable, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      length += buffer.length;
      if (length > MAX_TEXT_BYTES) throw textTooLargeError(name);
      chunks.push(buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}
