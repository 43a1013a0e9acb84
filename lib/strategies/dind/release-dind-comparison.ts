import type Docker from "dockerode";
import { LABEL_COMPARISON } from "../types";
import { dindLabelFilter, LABEL_DIND_CACHE } from "./dind-labels";

/** Removes the warm /var/lib/docker volume kept between the runs of one comparison, if there is one. */
export async function releaseDindComparison(outer: Docker, comparisonId: string): Promise<string[]> {
  const filter = dindLabelFilter({ [LABEL_COMPARISON]: comparisonId, [LABEL_DIND_CACHE]: "warm" });
  const { Volumes: volumes } = await outer.listVolumes({ filters: { label: filter } });

  const removed: string[] = [];
  for (const volume of volumes ?? []) {
    try {
      await outer.getVolume(volume.Name).remove();
      removed.push(volume.Name);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) continue;
      throw new Error(
        `Removing the warm Docker-in-Docker volume ${volume.Name} of comparison ${comparisonId} failed: ` +
          `${(error as Error).message}. Remove it with "docker volume rm ${volume.Name}" once no container uses it.`,
      );
    }
  }
  return removed;
}
