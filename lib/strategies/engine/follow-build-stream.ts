import type { RunEventSink, StepRecord } from "../types";
import type { BuildFailure, BuildProgress } from "./build-progress";
import { createBuildkitProgress } from "./create-buildkit-progress";
import { createClassicProgress } from "./create-classic-progress";
import { decodeBuildkitStatus } from "./decode-buildkit-status";
import { readInBandError } from "./read-in-band-error";
import { readJsonLines } from "./read-json-lines";

export type EngineBuilder = "buildkit" | "classic";

/** The outcome of a Docker Engine build stream, with the steps and leftovers it reported. */
export interface BuildStreamResult {
  status: "succeeded" | "failed" | "cancelled";
  error?: string;
  failedStep?: string;
  imageId?: string;
  steps: StepRecord[];
  /** Containers the classic builder started and did not report as removed. */
  intermediateContainers: string[];
  /** Images the classic builder committed for steps that were not cache hits, oldest first. */
  intermediateImages: string[];
}

const BUILDKIT_TRACE_ID = "moby.buildkit.trace";
const MAX_QUOTED_LINE_CHARS = 200;

/**
 * Reads the response of the Engine API's build endpoint to its end: emits steps and log lines as
 * they arrive, and returns the outcome. An in-band error fails the build. An error of the stream
 * itself fails it too, unless `signal` was aborted, which makes the build "cancelled".
 */
export async function followBuildStream(
  stream: AsyncIterable<unknown>,
  builder: EngineBuilder,
  emit: RunEventSink,
  signal?: AbortSignal,
  now: () => Date = () => new Date(),
): Promise<BuildStreamResult> {
  const buildkit = builder === "buildkit" ? createBuildkitProgress(emit, now) : undefined;
  const classic = builder === "classic" ? createClassicProgress(emit) : undefined;
  const progress: BuildProgress = buildkit ?? classic!;
  const log = (stream: "stdout" | "stderr" | "system", text: string) => emit({ type: "log", at: now(), stream, text });

  let imageId: string | undefined;
  let inBandError: string | undefined;
  let streamError: unknown;

  try {
    for await (const item of readJsonLines(stream)) {
      if (item.kind === "invalid") {
        log("system", `Unreadable line from the Docker Engine (${item.reason}): ${quote(item.line)}`);
        continue;
      }

      const message = item.message;
      const error = readInBandError(message);
      if (error) {
        inBandError ??= error;
        log("stderr", error);
        continue;
      }

      if (message.id === BUILDKIT_TRACE_ID) {
        if (buildkit && typeof message.aux === "string") {
          try {
            buildkit.handle(decodeBuildkitStatus(message.aux));
          } catch (decodeError) {
            log("system", `Undecodable BuildKit progress message (${(decodeError as Error).message}): ${quote(message.aux)}`);
          }
        }
        continue;
      }

      const id = readImageId(message.aux);
      if (id) {
        imageId = id;
        continue;
      }

      if (typeof message.stream === "string") {
        if (classic) classic.handleText(message.stream, now());
        else for (const line of message.stream.split("\n")) if (line.trim()) log("system", line);
        continue;
      }

      if (typeof message.status === "string") log("system", message.status);
    }
  } catch (error) {
    streamError = error;
  }

  const at = now();
  const leftovers = {
    intermediateContainers: classic?.leftoverContainers() ?? [],
    intermediateImages: classic?.committedImages() ?? [],
  };

  if (signal?.aborted) {
    progress.finish(at, "cancelled");
    return { status: "cancelled", error: "the build was cancelled", imageId, steps: progress.steps(), ...leftovers };
  }

  if (inBandError) {
    progress.finish(at, inBandError);
    const failure = progress.failure();
    return {
      status: "failed",
      error: describeFailure(inBandError, failure),
      failedStep: failure?.step,
      steps: progress.steps(),
      ...leftovers,
    };
  }

  if (streamError !== undefined) {
    const error = `the Docker Engine build stream failed: ${(streamError as Error).message ?? String(streamError)}`;
    progress.finish(at, error);
    return { status: "failed", error, failedStep: progress.failure()?.step, steps: progress.steps(), ...leftovers };
  }

  progress.finish(at);
  if (!imageId) {
    return {
      status: "failed",
      error: "the Docker Engine ended the build stream without an error and without an image ID",
      steps: progress.steps(),
      ...leftovers,
    };
  }
  return { status: "succeeded", imageId, steps: progress.steps(), ...leftovers };
}

// BuildKit sends {"id":"moby.image.id","aux":{"ID":...}}, and the classic builder sends {"aux":{"ID":...}}.
function readImageId(aux: unknown): string | undefined {
  if (typeof aux !== "object" || aux === null) return undefined;
  const id = (aux as { ID?: unknown }).ID;
  return typeof id === "string" && id ? id : undefined;
}

function describeFailure(error: string, failure: BuildFailure | undefined): string {
  if (!failure || failure.lines.length === 0) return error;
  return `${error}\n\nLast output of ${failure.name}:\n${failure.lines.join("\n")}`;
}

function quote(text: string): string {
  return text.length > MAX_QUOTED_LINE_CHARS ? `${text.slice(0, MAX_QUOTED_LINE_CHARS)}…` : text;
}
