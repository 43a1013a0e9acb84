import type Docker from "dockerode";
import { LABEL_DIND_CACHE, type DindCacheMode } from "./dind-labels";

/**
 * Creates the volume for the inner daemon's /var/lib/docker, or in warm mode reuses the
 * comparison's volume. With `empty` (the cold scenario) a warm volume is removed and made anew, so
 * the build starts with no cache and fills the volume for the warm runs after it. Returns whether
 * the volume already existed and was kept. Two daemons on one data root corrupt it, so a warm
 * volume that a running container uses is an error.
 */
export async function prepareDaemonVolume(
  outer: Docker,
  options: { volumeName: string; mode: DindCacheMode; labels: Record<string, string>; empty?: boolean },
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
    if (existing && !options.empty) return { reused: true };
    if (existing) await outer.getVolume(options.volumeName).remove();
  }

  await outer.createVolume({
    Name: options.volumeName,
    Labels: { ...options.labels, [LABEL_DIND_CACHE]: options.mode },
  });
  return { reused: false };
}
