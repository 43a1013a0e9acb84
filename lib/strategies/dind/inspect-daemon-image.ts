import type Docker from "dockerode";

/**
 * Inspects the daemon image on the outer engine without ever pulling it. Returns undefined when the
 * image is not there.
 */
export async function inspectDaemonImage(outer: Docker, image: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await outer.getImage(image).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/** Says that the daemon image is missing and how to make or pull it. */
export function describeMissingDaemonImage(image: string): { reason: string; fix: string } {
  return {
    reason: `The Docker-in-Docker image "${image}" is not on the Docker Engine, and Buildlab never pulls it.`,
    fix:
      'Make the lab image "buildlab/dind:lab" with scripts/lab.sh, or pull an image whose entrypoint runs dockerd with ' +
      'the arguments it is given, such as "docker pull docker:dind", and set BUILDLAB_DIND_IMAGE to it.',
  };
}
