import type Docker from "dockerode";

/**
 * Reads the last lines of the daemon container's output, for error messages. Returns an empty
 * list when the logs cannot be read, because callers are already reporting another failure.
 */
export async function readDaemonLogTail(container: Docker.Container, lines = 20): Promise<string[]> {
  try {
    const output = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown;
    const text = Buffer.isBuffer(output) ? demultiplex(output) : String(output);
    return text.split("\n").filter((line) => line.trim() !== "");
  } catch {
    return [];
  }
}

// Without a TTY the Engine API frames each chunk with an 8-byte header: the stream (1 or 2), three
// zero bytes, and the payload size as a big-endian uint32.
function demultiplex(output: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= output.length) {
    const streamType = output[offset];
    const size = output.readUInt32BE(offset + 4);
    if (streamType > 2 || offset + 8 + size > output.length) return output.toString("utf8");
    chunks.push(output.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Formats daemon log lines for the end of an error message. */
export function formatLogTail(lines: string[]): string {
  if (lines.length === 0) return "The daemon container wrote no log lines.";
  return `Its last log lines:\n${lines.join("\n")}`;
}
