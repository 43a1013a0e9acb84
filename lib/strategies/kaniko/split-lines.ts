/** Collects chunks of text and calls `onLine` for each complete line; `flush` hands over the rest. */
export function createLineSplitter(onLine: (line: string) => void) {
  let pending = "";
  return {
    write(chunk: Buffer | string): void {
      pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    },
    flush(): void {
      if (pending) onLine(pending);
      pending = "";
    },
  };
}

/**
 * Reads Docker's multiplexed stream, where each frame has an 8-byte header naming stdout (1) or
 * stderr (2) and the payload length, and hands each payload to its stream's handler in order.
 */
export function demultiplexDockerStream(
  source: NodeJS.ReadableStream,
  onStdout: (payload: Buffer) => void,
  onStderr: (payload: Buffer) => void,
): void {
  let buffer = Buffer.alloc(0);
  source.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 8) {
      const length = buffer.readUInt32BE(4);
      if (buffer.length < 8 + length) break;
      const payload = buffer.subarray(8, 8 + length);
      if (buffer[0] === 2) onStderr(payload);
      else onStdout(payload);
      buffer = buffer.subarray(8 + length);
    }
  });
}
