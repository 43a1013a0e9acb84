import type Docker from "dockerode";
import { demultiplexOutput } from "./demultiplex-output";

/**
 * Reads the last lines of the daemon container's output, for error messages. Returns an empty
 * list when the logs cannot be read, because callers are already reporting another failure.
 */
export async function readDaemonLogTail(container: Docker.Container, lines = 20): Promise<string[]> {
  try {
    const output = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown;
    const text = Buffer.isBuffer(output) ? demultiplexOutput(output) : String(output);
    return text.split("\n").filter((line) => line.trim() !== "");
  } catch {
    return [];
  }
}

/** Formats daemon log lines for the end of an error message. */
export function formatLogTail(lines: string[]): string {
  if (lines.length === 0) return "The daemon container wrote no log lines.";
  return `Its last log lines:\n${lines.join("\n")}`;
}
