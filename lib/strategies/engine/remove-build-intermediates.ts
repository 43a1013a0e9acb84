import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import type { RunEventSink } from "../types";
import { describeEngineError } from "./describe-engine-error";
import type { EngineBuildOutcome } from "./build-with-engine";

// The daemon returns 409 for a container it is removing until the container is gone. A cancelled
// build's step container stops within a second, so 10 s of polling is an estimate with a margin.
const REMOVAL_POLL_MS = 250;
const REMOVAL_POLLS = 40;

/**
 * Removes what a classic build left behind: its step containers that the builder did not report
 * removed, and, when the build did not succeed, the images it committed for its steps, newest
 * first. An image that a later build or another tag still uses is kept, because the daemon rejects its removal with 409.
 * BuildKit builds leave neither: their steps run outside Docker's container list and their
 * layers stay in BuildKit's own cache. Returns the ids it removed.
 */
export async function removeBuildIntermediates(
  docker: Docker,
  outcome: Pick<EngineBuildOutcome, "status" | "intermediateContainers" | "intermediateImages">,
  emit: RunEventSink,
): Promise<string[]> {
  const log = (text: string) => emit({ type: "log", at: new Date(), stream: "system", text });
  const removed: string[] = [];

  for (const id of outcome.intermediateContainers) {
    if (await removeContainer(docker, id)) {
      removed.push(id);
      log(`Removed intermediate container ${id}.`);
    }
  }

  if (outcome.status === "succeeded") return removed;

  for (const id of [...outcome.intermediateImages].reverse()) {
    try {
      await docker.getImage(id).remove();
      removed.push(id);
      log(`Removed intermediate image ${id} of the unfinished build.`);
    } catch (error) {
      const { statusCode, message } = describeEngineError(error);
      if (statusCode === 404) continue;
      if (statusCode === 409) log(`Kept intermediate image ${id}: ${message}`);
      else throw error;
    }
  }
  return removed;
}

/** Force-removes a container and waits until it is gone. Returns false when it was already gone. */
async function removeContainer(docker: Docker, id: string): Promise<boolean> {
  const container = docker.getContainer(id);
  try {
    await container.remove({ force: true });
    return true;
  } catch (error) {
    const { statusCode } = describeEngineError(error);
    if (statusCode === 404) return false;
    if (statusCode !== 409) throw error;
  }

  // 409: the daemon is already removing it, as the classic builder does on cancellation.
  for (let poll = 0; poll < REMOVAL_POLLS; poll += 1) {
    await sleep(REMOVAL_POLL_MS);
    try {
      await container.inspect();
    } catch (error) {
      if (describeEngineError(error).statusCode === 404) return false;
      throw error;
    }
  }
  throw new Error(`intermediate container ${id} is still being removed after ${(REMOVAL_POLL_MS * REMOVAL_POLLS) / 1000} s`);
}
