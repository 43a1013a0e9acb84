import type Docker from "dockerode";
import { KANIKO_ROLE_VERSION_PROBE, LABEL_KANIKO_ROLE } from "./kaniko-settings";

export interface ExecutorVersion {
  /** Image id (sha256:...) on the engine. */
  imageId: string;
  /** Executor version, such as "v1.25.1", from the image's labels or `executor version`. */
  version?: string;
  /** Go module the executor was built from, when a label names it. */
  module?: string;
}

// Results by image id: the executor in an image never changes, and a probe costs a container start.
const cache = new Map<string, ExecutorVersion>();

/**
 * Reads the executor's version from the image's labels (org.opencontainers.image.version or a
 * label whose key ends in "version"), else by running `executor version` in a container without
 * network. An executor built without its version linker flag prints "unset", which counts as
 * unknown. Returns undefined when the image is not on the engine.
 */
export async function readExecutorVersion(docker: Docker, image: string): Promise<ExecutorVersion | undefined> {
  let inspect: Docker.ImageInspectInfo;
  try {
    inspect = await docker.getImage(image).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
  const cached = cache.get(inspect.Id);
  if (cached) return cached;

  const labels = inspect.Config?.Labels ?? {};
  const versionKey = ["org.opencontainers.image.version", ...Object.keys(labels).filter((key) => /version$/i.test(key))].find((key) => labels[key]);
  const moduleKey = Object.keys(labels).find((key) => /module$/i.test(key));
  const version = versionKey ? labels[versionKey] : await probeVersion(docker, inspect.Id);

  const result: ExecutorVersion = {
    imageId: inspect.Id,
    ...(version ? { version } : {}),
    ...(moduleKey ? { module: labels[moduleKey] } : {}),
  };
  cache.set(inspect.Id, result);
  return result;
}

async function probeVersion(docker: Docker, imageId: string): Promise<string | undefined> {
  const container = await docker.createContainer({
    Image: imageId,
    Cmd: ["version"],
    Labels: { [LABEL_KANIKO_ROLE]: KANIKO_ROLE_VERSION_PROBE },
    HostConfig: { NetworkMode: "none" },
  });
  try {
    await container.start();
    await container.wait();
    const output = ((await container.logs({ stdout: true, stderr: true, follow: false })) as Buffer).toString("utf8");
    const match = /Kaniko version\s*:\s*(\S+)/.exec(output);
    return match && match[1] !== "unset" ? match[1] : undefined;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
