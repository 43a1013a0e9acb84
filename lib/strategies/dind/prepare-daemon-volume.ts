import type Docker from "dockerode";
import { LABEL_DIND_CACHE, type DindCacheMode } from "./dind-labels";

/**
 * Creates the volume for the inner daemon's /var/lib/docker, or in warm mode reuses the
 * comparison's volume. Returns whether the volume already existed. Two daemons on one data root
 * corrupt it, so a warm volume that a running container uses is an error.
 */
export async function prepareDaemonVolume(
  outer: Docker,
  options: { volumeName: string; mode: DindCacheMode; labels: Record<string, string> },
): Promise<{ reused: boolean }> {
  if (options.mode === "warm") {
    const users = await outer.listContainers({ filters: { volume: [options.volumeName], status: ["running"] } });
    if (users.length > 0) {
      const names = users.map((user) => user.Names[0]?.replace(/^\//, "") ?? user.Id).join(", ");
      throw new Error(
        `The warm volume ${options.volumeName} is in use by ${names}; runs of one comparison must not overlap. ` +
          "Wait for that run to end or cancel it.",
      );
    }

    const existing = await outer
      .getVolume(options.volumeName)
      .inspect()
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode === 404) return undefined;
        throw error;
      });
    if (existing) return { reused: true };
  }

  await outer.createVolume({
    Name: options.volumeName,
    Labels: { ...options.labels, [LABEL_DIND_CACHE]: options.mode },
  });
  return { reused: false };
}
