import os from "node:os";
import { createDockerClient } from "../engine/create-docker-client";
import type { Availability, BuildRequest, Strategy } from "../types";
import { checkDindAvailability } from "./check-dind-availability";
import { isLocalEngine } from "./is-local-engine";
import { readDindSettings, type DindSettings } from "./read-dind-settings";
import { releaseDindComparison } from "./release-dind-comparison";
import { removeDindLeftovers } from "./remove-dind-leftovers";
import { runDindBuild } from "./run-dind-build";

/**
 * Docker-in-Docker: each run starts its own dockerd in a container on the outer engine and builds
 * there with BuildKit. The "cold" mode gives every run a fresh /var/lib/docker volume, as CI jobs
 * usually get. The "warm" mode keeps one volume for all runs of a comparison until releaseComparison.
 */
export const dindStrategy = {
  name: "dind",
  label: "Docker-in-Docker",
  modes: ["cold", "warm"],

  async checkAvailability(): Promise<Availability> {
    let settings: DindSettings;
    try {
      settings = readDindSettings();
    } catch (error) {
      return { available: false, reason: (error as Error).message, fix: "Correct the variable named in the message." };
    }
    return checkDindAvailability(createDockerClient(settings.dockerHost), settings);
  },

  async build(request: BuildRequest) {
    const settings = readDindSettings();
    return runDindBuild(request, settings, createDockerClient(settings.dockerHost));
  },

  async releaseComparison(comparisonId: string) {
    const settings = readDindSettings();
    const removed = await releaseDindComparison(createDockerClient(settings.dockerHost), comparisonId);
    if (removed.length) console.info(`[dind] comparison ${comparisonId}: removed the warm volume ${removed.join(", ")}`);
  },

  /** Also keeps the warm volumes of `liveComparisonIds`, beyond what the Strategy interface requires. */
  async removeLeftovers(liveRunIds: ReadonlySet<string>, liveComparisonIds?: ReadonlySet<string>) {
    const settings = readDindSettings();
    return removeDindLeftovers(createDockerClient(settings.dockerHost), liveRunIds, {
      liveComparisonIds,
      removeHostCgroups: isLocalEngine(settings.dockerHost),
      socketDirRoot: os.tmpdir(),
    });
  },
} satisfies Strategy;
