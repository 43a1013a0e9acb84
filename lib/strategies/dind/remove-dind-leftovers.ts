import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { LABEL_COMPARISON, LABEL_RUN } from "../types";
import { readSocketDirRunId } from "./create-socket-dir";
import { dindLabelFilter, LABEL_DIND_CACHE } from "./dind-labels";
import { removeHostCgroups } from "./remove-host-cgroups";

export interface RemoveDindLeftoversOptions {
  /** Comparisons whose warm volumes stay, such as those with queued runs. */
  liveComparisonIds?: ReadonlySet<string>;
  /** Only resources that also carry these labels are considered; tests use it to stay within their own. */
  scopeLabels?: Record<string, string>;
  /** Also removes the host cgroups of removed daemon containers; set it when the engine runs on this machine. */
  removeHostCgroups?: boolean;
  /** Folder with the runs' socket folders (see createSocketDir); those of dead runs are removed when it is set. */
  socketDirRoot?: string;
}

/**
 * Removes the daemon containers, volumes and socket folders of runs that are not live, and returns
 * what it removed.
 * A warm volume belongs to a comparison rather than to one run: it stays when its comparison is in
 * `liveComparisonIds` or when a container of a live run carries its comparison id.
 */
export async function removeDindLeftovers(
  outer: Docker,
  liveRunIds: ReadonlySet<string>,
  options: RemoveDindLeftoversOptions = {},
): Promise<string[]> {
  const removed: string[] = [];
  const keptComparisons = new Set(options.liveComparisonIds);
  const filters = { label: dindLabelFilter(options.scopeLabels) };

  const containers = await outer.listContainers({ all: true, filters });
  for (const info of containers) {
    const runId = info.Labels[LABEL_RUN];
    if (runId && liveRunIds.has(runId)) {
      const comparisonId = info.Labels[LABEL_COMPARISON];
      if (comparisonId) keptComparisons.add(comparisonId);
      continue;
    }
    await removeIgnoringMissing(() => outer.getContainer(info.Id).remove({ force: true }));
    const name = info.Names[0]?.replace(/^\//, "") ?? info.Id;
    removed.push(`container ${name}`);
    if (options.removeHostCgroups && name.startsWith("buildlab-dind-")) {
      removed.push(...(await removeHostCgroups(name)).map((dir) => `cgroup ${dir}`));
    }
  }

  const { Volumes: volumes } = await outer.listVolumes({ filters });
  for (const volume of volumes ?? []) {
    const labels = volume.Labels ?? {};
    const live =
      labels[LABEL_DIND_CACHE] === "warm"
        ? keptComparisons.has(labels[LABEL_COMPARISON] ?? "")
        : liveRunIds.has(labels[LABEL_RUN] ?? "");
    if (live) continue;

    await removeIgnoringMissing(() => outer.getVolume(volume.Name).remove());
    removed.push(`volume ${volume.Name}`);
  }

  if (options.socketDirRoot) {
    const root = options.socketDirRoot;
    const entries = await readdir(/*turbopackIgnore: true*/ root, { withFileTypes: true });
    for (const entry of entries) {
      const runId = entry.isDirectory() ? readSocketDirRunId(entry.name) : undefined;
      if (!runId || liveRunIds.has(runId)) continue;

      await rm(path.join(/*turbopackIgnore: true*/ root, entry.name), { recursive: true, force: true });
      removed.push(`socket folder ${path.join(/*turbopackIgnore: true*/ root, entry.name)}`);
    }
  }

  return removed;
}

async function removeIgnoringMissing(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}
