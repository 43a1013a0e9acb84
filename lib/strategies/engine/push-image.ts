import { parseFamiliarName } from "@swimlane/docker-reference";
import type Docker from "dockerode";
import type { RunEventSink } from "../types";
import { describeEngineError } from "./describe-engine-error";
import { followProgressStream } from "./follow-progress-stream";

/**
 * Pushes `ref` from the Docker Engine behind `docker` to the registry it names and returns the
 * manifest digest the push reported. Sends no credentials, which the lab registry does not need.
 * Throws when the push fails, in-band or not, naming the reference.
 */
export async function pushImage(
  docker: Docker,
  ref: string,
  signal: AbortSignal,
  emit: RunEventSink,
): Promise<{ digest: string }> {
  const parsed = parseFamiliarName(ref);
  if (parsed.digest) throw new Error(`cannot push ${ref}: a reference with a digest cannot be pushed, use a tag`);
  const repository = `${parsed.domain}/${parsed.repository}`;
  const tag = parsed.tag ?? "latest";

  let result;
  try {
    const stream = await docker.getImage(repository).push({ tag, abortSignal: signal });
    result = await followProgressStream(stream, emit);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new Error(`push of ${ref} failed: ${describeEngineError(error).message}`, { cause: error });
  }
  if (result.error) throw new Error(`push of ${ref} failed: ${result.error}`);

  // The last aux of a push is {"Tag": ..., "Digest": "sha256:...", "Size": ...}.
  const pushed = result.aux.find((aux): aux is { Tag?: unknown; Digest: string } => {
    if (typeof aux !== "object" || aux === null) return false;
    const { Tag, Digest } = aux as { Tag?: unknown; Digest?: unknown };
    return typeof Digest === "string" && (Tag === undefined || Tag === tag);
  });
  if (!pushed) throw new Error(`push of ${ref} ended without reporting a digest`);

  return { digest: pushed.Digest };
}
