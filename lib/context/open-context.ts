import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";

/** Opens a fresh read stream of a stored context tar, from its first byte. */
export function openContext(stored: { path: string }): Readable {
  return createReadStream(stored.path);
}
