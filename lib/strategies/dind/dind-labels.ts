import { LABEL_APP, LABEL_STRATEGY } from "../types";

/** Label on the volumes of this strategy: "cold" (one run) or "warm" (kept for a comparison). */
export const LABEL_DIND_CACHE = "org.buildlab.dind.cache";

export type DindCacheMode = "cold" | "warm";

/** Names of the daemon container and of the volume on /var/lib/docker for one run. */
export function nameDindResources(runId: string, comparisonId: string, mode: DindCacheMode) {
  return {
    containerName: `buildlab-dind-${runId}`,
    volumeName: mode === "warm" ? `buildlab-dind-warm-${comparisonId}` : `buildlab-dind-${runId}`,
  };
}

/** Label filters that select this strategy's resources, for listContainers and listVolumes. */
export function dindLabelFilter(extra: Record<string, string> = {}): string[] {
  const pairs = { [LABEL_STRATEGY]: "dind", ...extra };
  return [LABEL_APP, ...Object.entries(pairs).map(([key, value]) => `${key}=${value}`)];
}

