import type Docker from "dockerode";
import type { RunEventSink } from "../types";
import { classifyBaseImage, type BaseImageSource } from "./classify-base-image";
import { describeEngineError } from "./describe-engine-error";
import { followProgressStream } from "./follow-progress-stream";

export interface BaseImageOptions {
  /** The lab registry as host:port. Base images from it are always pulled when missing. */
  registry: string;
  /** Pull base images from other registries when they are missing. */
  allowRemotePull: boolean;
  /** Pull even when the image is in the engine, as a cold build needs. */
  forcePull: boolean;
  signal?: AbortSignal;
}

export interface ResolvedBaseImage extends BaseImageSource {
  id: string;
  pulled: boolean;
}

export type BaseImageResolution =
  | { status: "ready"; images: ResolvedBaseImage[] }
  | { status: "failed"; image: string; error: string };

/**
 * Makes every base image present in the Docker Engine behind `docker`. An image already there is
 * used as it is unless `forcePull`. A missing one is pulled from the lab registry, or from another
 * registry only when `allowRemotePull`. A pull from a remote registry starts with a DNS lookup
 * that hangs where there is no network, so without `allowRemotePull` a missing remote image fails
 * at once, and `forcePull` keeps the local copy of a remote image.
 *
 * A missing or unpullable image is a "failed" result. Throws when the daemon cannot be reached
 * or `options.signal` is aborted.
 */
export async function resolveBaseImages(
  docker: Docker,
  images: string[],
  options: BaseImageOptions,
  emit: RunEventSink,
): Promise<BaseImageResolution> {
  const log = (text: string) => emit({ type: "log", at: new Date(), stream: "system", text });
  const resolved: ResolvedBaseImage[] = [];

  for (const ref of images) {
    let image: BaseImageSource;
    try {
      image = classifyBaseImage(ref, options.registry);
    } catch (error) {
      return { status: "failed", image: ref, error: (error as Error).message };
    }

    const localId = await findImageId(docker, ref);
    const pullAllowed = image.source === "lab" || options.allowRemotePull;

    if (localId && (!options.forcePull || !pullAllowed)) {
      if (options.forcePull) log(`Base image ${ref} is in the Docker Engine and is not pulled again: Buildlab does not pull from remote registries.`);
      else log(`Base image ${ref} is in the Docker Engine (${localId}).`);
      resolved.push({ ...image, id: localId, pulled: false });
      continue;
    }

    if (!pullAllowed) {
      return {
        status: "failed",
        image: ref,
        error:
          `base image ${ref} is not in the Docker Engine and Buildlab does not pull from remote registries: ` +
          "pull or load it first, or set BUILDLAB_ALLOW_REMOTE_PULL=true",
      };
    }

    log(`Pulling base image ${image.pullRef} from ${image.registry}.`);
    const pullError = await pullImage(docker, image, options.signal, emit);
    if (pullError) return { status: "failed", image: ref, error: pullError };

    const pulledId = await findImageId(docker, image.pullRef);
    if (!pulledId) {
      return { status: "failed", image: ref, error: `base image ${ref} was pulled but is not in the Docker Engine afterwards` };
    }
    resolved.push({ ...image, id: pulledId, pulled: true });
  }

  return { status: "ready", images: resolved };
}

async function findImageId(docker: Docker, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch (error) {
    if (describeEngineError(error).statusCode === 404) return undefined;
    throw error;
  }
}

/** Pulls one image and returns the reason when the pull failed. */
async function pullImage(
  docker: Docker,
  image: BaseImageSource,
  signal: AbortSignal | undefined,
  emit: RunEventSink,
): Promise<string | undefined> {
  let failure: string;
  try {
    const stream = await docker.pull(image.pullRef, { abortSignal: signal });
    const result = await followProgressStream(stream, emit);
    if (!result.error) return undefined;
    failure = result.error;
  } catch (error) {
    if (signal?.aborted) throw error;
    const description = describeEngineError(error);
    if (description.statusCode === undefined) throw error;
    failure = description.message;
  }

  if (/manifest unknown|not found/i.test(failure)) {
    return `base image ${image.ref} not found in registry ${image.registry}: push it there first, or correct the FROM line`;
  }
  return `pulling base image ${image.ref} from ${image.registry} failed: ${failure}`;
}
