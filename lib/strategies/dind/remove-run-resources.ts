import { rm } from "node:fs/promises";
import type Docker from "dockerode";
import { toError } from "../../errors";
import { LABEL_RUN } from "../types";
import { dindLabelFilter, LABEL_DIND_CACHE } from "./dind-labels";
import { removeHostCgroups } from "./remove-host-cgroups";

export interface RemoveRunResourcesOptions {
  runId: string;
  /** Seconds the inner daemon gets to shut down before it is killed; 0 kills it at once. */
  stopTimeoutSeconds: number;
  socketDir?: string;
  /** Cgroup that the inner daemon's containers used, removed from the host when it is set. */
  hostCgroup?: string;
}

/**
 * Removes what one run made: every container with the run's label, the cgroups of its inner
 * containers, the run's cold volume, and the socket folder. The warm volume of a comparison stays. Goes on after a failed removal and returns
 * one message per failure, so that the caller can report them without losing the build's outcome.
 */
export async function removeRunResources(outer: Docker, options: RemoveRunResourcesOptions): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      problems.push(`Removing ${what} failed: ${toError(error).message}`);
    }
  };

  const runFilter = dindLabelFilter({ [LABEL_RUN]: options.runId });
  const containers = await outer.listContainers({ all: true, filters: { label: runFilter } }).catch((error: unknown) => {
    problems.push(`Listing the containers of run ${options.runId} failed: ${toError(error).message}`);
    return [];
  });
  for (const info of containers) {
    const container = outer.getContainer(info.Id);
    // A clean shutdown keeps a warm /var/lib/docker volume consistent for the next run.
    if (info.State === "running" && options.stopTimeoutSeconds > 0) {
      await attempt(`container ${info.Id.slice(0, 12)}`, () => container.stop({ t: options.stopTimeoutSeconds }));
    }
    await attempt(`container ${info.Id.slice(0, 12)}`, () => container.remove({ force: true }));
  }

  if (options.hostCgroup) {
    const hostCgroup = options.hostCgroup;
    await attempt(`cgroup ${hostCgroup}`, () => removeHostCgroups(hostCgroup));
  }

  const volumeFilter = dindLabelFilter({ [LABEL_RUN]: options.runId, [LABEL_DIND_CACHE]: "cold" });
  const volumes = await outer.listVolumes({ filters: { label: volumeFilter } }).catch((error: unknown) => {
    problems.push(`Listing the volumes of run ${options.runId} failed: ${toError(error).message}`);
    return { Volumes: [] };
  });
  for (const volume of volumes.Volumes ?? []) {
    await attempt(`volume ${volume.Name}`, () => outer.getVolume(volume.Name).remove());
  }

  if (options.socketDir) {
    const socketDir = options.socketDir;
    await attempt(`socket folder ${socketDir}`, () => rm(socketDir, { recursive: true, force: true }));
  }

  return problems;
}
