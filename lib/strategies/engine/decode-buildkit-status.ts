import { readFileSync } from "node:fs";
import protobuf from "protobufjs";

/** One node of BuildKit's build graph, such as "[2/4] RUN make" or "[internal] load build context". */
export interface BuildkitVertex {
  digest: string;
  inputs: string[];
  name: string;
  cached: boolean;
  started?: Date;
  completed?: Date;
  error?: string;
}

/** Progress of one task inside a vertex, such as "exporting layers". */
export interface BuildkitVertexStatus {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  timestamp?: Date;
  started?: Date;
  completed?: Date;
}

/** Output of a vertex. `stream` is 1 for stdout and 2 for stderr. */
export interface BuildkitVertexLog {
  vertex: string;
  timestamp?: Date;
  stream: number;
  data: Buffer;
}

/** One decoded `moby.buildkit.trace` message. */
export interface BuildkitStatus {
  vertexes: BuildkitVertex[];
  statuses: BuildkitVertexStatus[];
  logs: BuildkitVertexLog[];
}

interface RawTimestamp {
  seconds?: number;
  nanos?: number;
}

interface RawStatusResponse {
  vertexes: { digest: string; inputs: string[]; name: string; cached: boolean; started?: RawTimestamp; completed?: RawTimestamp; error: string }[];
  statuses: { ID: string; vertex: string; name: string; current: number; total: number; timestamp?: RawTimestamp; started?: RawTimestamp; completed?: RawTimestamp }[];
  logs: { vertex: string; timestamp?: RawTimestamp; stream: number; msg: Buffer }[];
}

let statusResponseType: protobuf.Type | undefined;

function loadStatusResponseType(): protobuf.Type {
  if (!statusResponseType) {
    const source = readFileSync(new URL("./buildkit-status.proto", import.meta.url), "utf8");
    // keepCase keeps BuildKit's field names, such as VertexStatus.ID, as they are on the wire.
    statusResponseType = protobuf.parse(source, { keepCase: true }).root.lookupType("moby.buildkit.v1.StatusResponse");
  }
  return statusResponseType;
}

/**
 * Decodes the `aux` of a `moby.buildkit.trace` message: a base64 protobuf StatusResponse of
 * BuildKit's control API. Throws when the value is not such a message.
 */
export function decodeBuildkitStatus(aux: string): BuildkitStatus {
  const type = loadStatusResponseType();
  const decoded = type.decode(Buffer.from(aux, "base64"));
  const raw = type.toObject(decoded, { longs: Number, bytes: Buffer, defaults: true, arrays: true }) as RawStatusResponse;

  return {
    vertexes: raw.vertexes.map((vertex) => ({
      digest: vertex.digest,
      inputs: vertex.inputs,
      name: vertex.name,
      cached: vertex.cached,
      started: toDate(vertex.started),
      completed: toDate(vertex.completed),
      error: vertex.error || undefined,
    })),
    statuses: raw.statuses.map((status) => ({
      id: status.ID,
      vertex: status.vertex,
      name: status.name,
      current: status.current,
      total: status.total,
      timestamp: toDate(status.timestamp),
      started: toDate(status.started),
      completed: toDate(status.completed),
    })),
    logs: raw.logs.map((log) => ({
      vertex: log.vertex,
      timestamp: toDate(log.timestamp),
      stream: log.stream,
      data: Buffer.from(log.msg),
    })),
  };
}

// Millisecond precision, as Buildlab stores times. An unset timestamp decodes as null or undefined.
function toDate(timestamp: RawTimestamp | null | undefined): Date | undefined {
  if (!timestamp) return undefined;
  return new Date((timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000));
}
