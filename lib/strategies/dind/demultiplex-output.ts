/**
 * Joins the stdout and stderr payloads of a container's log or exec output into text. Without a
 * TTY the Engine API frames each chunk with an 8-byte header: the stream (1 or 2), three zero
 * bytes, and the payload size as a big-endian uint32. Output that is not framed so is returned as
 * it is.
 */
export function demultiplexOutput(output: Buffer): string {
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
