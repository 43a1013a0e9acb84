import type { Readable } from "node:stream";

/** Reads a context tar stream to its end and returns its size in bytes. */
export async function measureContext(openContext: () => Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of openContext()) bytes += (chunk as Buffer).length;
  return bytes;
}
