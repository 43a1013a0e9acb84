import type { RunEventSink } from "../types";
import { readInBandError } from "./read-in-band-error";
import { readJsonLines } from "./read-json-lines";

/** The error and aux values of a pull or push progress stream. */
export interface ProgressStreamResult {
  /** The in-band error, after which the daemon ends the stream. */
  error?: string;
  /** Every `aux` value, such as a push's {Tag, Digest, Size}. */
  aux: unknown[];
}

/**
 * Reads a pull or push progress stream to its end. Status lines become log events, but per-layer
 * progress bars are left out of the log.
 */
export async function followProgressStream(stream: AsyncIterable<unknown>, emit: RunEventSink): Promise<ProgressStreamResult> {
  const result: ProgressStreamResult = { aux: [] };
  const log = (text: string) => emit({ type: "log", at: new Date(), stream: "system", text });

  for await (const item of readJsonLines(stream)) {
    if (item.kind === "invalid") {
      log(`Unreadable line from the Docker Engine (${item.reason}): ${item.line.slice(0, 200)}`);
      continue;
    }

    const { status, id, progress, aux } = item.message;
    const error = readInBandError(item.message);
    if (error) {
      result.error ??= error;
      log(error);
      continue;
    }

    if (aux !== undefined) result.aux.push(aux);
    if (typeof status !== "string" || typeof progress === "string") continue;
    log(typeof id === "string" && id ? `${id}: ${status}` : status);
  }

  return result;
}
