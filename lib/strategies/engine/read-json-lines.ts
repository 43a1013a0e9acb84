import { StringDecoder } from "node:string_decoder";

/** One message of a Docker Engine progress stream (build, pull or push), with the fields Buildlab reads. */
export interface EngineMessage {
  stream?: unknown;
  status?: unknown;
  id?: unknown;
  progress?: unknown;
  aux?: unknown;
  error?: unknown;
  errorDetail?: unknown;
}

export type EngineStreamItem =
  | { kind: "message"; message: EngineMessage }
  | { kind: "invalid"; line: string; reason: string };

// A longer line means the stream is not an Engine API response. The largest real lines are
// BuildKit trace messages, which carry a few kilobytes of step output.
const MAX_LINE_CHARS = 32 * 1024 * 1024;

/**
 * Splits a Docker Engine progress stream into its newline-delimited JSON messages. A line that is
 * not a JSON object is yielded as `invalid` for the caller to log. An error of the stream itself
 * is thrown from the iteration.
 */
export async function* readJsonLines(stream: AsyncIterable<unknown>): AsyncGenerator<EngineStreamItem> {
  const decoder = new StringDecoder("utf8");
  let pending = "";

  for await (const chunk of stream) {
    pending += typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);

    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim()) yield parseLine(line);
      newline = pending.indexOf("\n");
    }

    if (pending.length > MAX_LINE_CHARS) {
      throw new Error(`a Docker Engine stream line exceeded ${MAX_LINE_CHARS} characters without a line break`);
    }
  }

  pending += decoder.end();
  if (pending.trim()) yield parseLine(pending);
}

function parseLine(line: string): EngineStreamItem {
  const text = line.trim();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", line: text, reason: (error as Error).message };
  }

  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "invalid", line: text, reason: "not a JSON object" };
  }
  return { kind: "message", message: value as EngineMessage };
}
