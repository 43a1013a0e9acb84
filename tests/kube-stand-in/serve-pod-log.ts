import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { KubeStatusError } from "./kube-status";
import type { ContainerRecord, PodRecord } from "./stand-in-types";

const RUNTIME_TIMESTAMP = /^(\S+) /;

/**
 * Serves GET .../pods/NAME/log from the container's Docker log: `follow`, `timestamps` (RFC 3339
 * with nanoseconds, as the kubelet writes them), `tailLines`, `sinceTime`, `sinceSeconds` and
 * `limitBytes`, with stdout and stderr merged in the order the engine stored them.
 */
export async function servePodLog(
  request: IncomingMessage,
  response: ServerResponse,
  record: PodRecord,
  query: URLSearchParams,
): Promise<void> {
  const entry = pickContainer(record, query.get("container"));
  const status = record.object.status.containerStatuses.find((candidate) => candidate.name === entry.name)!;
  if (!entry.container || "waiting" in status.state) {
    const reason = "waiting" in status.state ? status.state.waiting.reason : "ContainerCreating";
    throw new KubeStatusError(
      "BadRequest",
      `container "${entry.name}" in pod "${record.object.metadata.name}" is waiting to start: ${reason}`,
    );
  }

  const follow = query.get("follow") === "true";
  const timestamps = query.get("timestamps") === "true";
  const tailLines = query.get("tailLines");
  const limitBytes = query.has("limitBytes") ? Number(query.get("limitBytes")) : Infinity;
  const since = query.get("sinceTime")
    ? new Date(query.get("sinceTime")!)
    : query.get("sinceSeconds")
      ? new Date(Date.now() - Number(query.get("sinceSeconds")) * 1000)
      : undefined;

  const logs = await entry.container.logs({
    follow: follow as true,
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(tailLines ? { tail: Number(tailLines) } : {}),
    ...(since ? { since: Math.floor(since.getTime() / 1000) } : {}),
  });
  const source: Readable = Buffer.isBuffer(logs) ? Readable.from([logs]) : (logs as unknown as Readable);

  response.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
  let written = 0;
  const writeLine = (line: string) => {
    const stamp = RUNTIME_TIMESTAMP.exec(line);
    if (since && stamp && new Date(stamp[1]).getTime() < since.getTime()) return;
    const text = (timestamps || !stamp ? line : line.slice(stamp[0].length)) + "\n";
    if (written >= limitBytes) return;
    const allowed = Buffer.from(text).subarray(0, limitBytes - written);
    written += allowed.length;
    response.write(allowed);
  };

  const stdout = lineWriter(writeLine);
  const stderr = lineWriter(writeLine);
  request.on("close", () => source.destroy());
  const tty = record.object.spec.containers.find((container: { name: string }) => container.name === entry.name)?.tty === true;
  await new Promise<void>((resolve) => {
    // A container with a TTY has one raw stream; otherwise Docker multiplexes stdout and stderr.
    if (tty) source.on("data", stdout.write);
    else demultiplex(source, stdout.write, stderr.write);
    source.on("end", resolve);
    source.on("close", resolve);
    source.on("error", resolve);
  });
  stdout.flush();
  stderr.flush();
  response.end();
}

/** Picks the container named in the request, or the pod's only container. */
export function pickContainer(record: PodRecord, name: string | null): ContainerRecord {
  if (name) {
    const entry = record.containers.get(name);
    if (!entry) throw new KubeStatusError("BadRequest", `container ${name} is not valid for pod ${record.object.metadata.name}`);
    return entry;
  }
  if (record.containers.size !== 1) {
    const names = [...record.containers.keys()].join(" ");
    throw new KubeStatusError(
      "BadRequest",
      `a container name must be specified for pod ${record.object.metadata.name}, choose one of: [${names}]`,
    );
  }
  return [...record.containers.values()][0];
}

/** Reads Docker's multiplexed stream (8-byte frame headers) and hands each frame to its stream's writer in order. */
export function demultiplex(source: Readable, stdout: (chunk: Buffer) => void, stderr: (chunk: Buffer) => void): void {
  let buffer = Buffer.alloc(0);
  source.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 8) {
      const length = buffer.readUInt32BE(4);
      if (buffer.length < 8 + length) break;
      const payload = buffer.subarray(8, 8 + length);
      if (buffer[0] === 2) stderr(payload);
      else stdout(payload);
      buffer = buffer.subarray(8 + length);
    }
  });
}

function lineWriter(onLine: (line: string) => void) {
  let pending = "";
  return {
    write(chunk: Buffer): void {
      pending += chunk.toString("utf8");
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

