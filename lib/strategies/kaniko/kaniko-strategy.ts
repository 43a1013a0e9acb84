import Docker from "dockerode";
import { getEnv, type Env } from "../../env";
import type { Availability, BuildRequest, BuildResult, Strategy } from "../types";
import { createDockerRunner } from "./create-docker-runner";
import { createKubernetesRunner } from "./create-kubernetes-runner";
import { deleteRepositoryTags } from "./delete-repository-tags";
import type { KanikoMode, KanikoRunner } from "./kaniko-runner";
import { cacheRepoForComparison, readKanikoSettings } from "./kaniko-settings";
import { runKanikoBuild } from "./run-kaniko-build";

const MODES: readonly KanikoMode[] = ["kubernetes", "docker"];

export interface KanikoStrategyOptions {
  /** Configuration; the process environment when unset. */
  env?: Env;
  docker?: Docker;
}

/**
 * Creates the Kaniko strategy: the executor (github.com/chainguard-dev/kaniko) builds in a pod
 * through the Kubernetes API ("kubernetes" mode) or in a container on the local Docker Engine
 * ("docker" mode). Both modes share the executor's arguments and the reading of its output.
 */
export function createKanikoStrategy(options: KanikoStrategyOptions = {}): Strategy & {
  checkAvailability(mode?: string): Promise<Availability>;
} {
  let docker = options.docker;
  const settings = () => readKanikoSettings(options.env ?? getEnv());
  const engine = () => (docker ??= new Docker());

  function runnerFor(mode: KanikoMode): KanikoRunner {
    return mode === "kubernetes" ? createKubernetesRunner(settings(), engine()) : createDockerRunner(engine(), settings());
  }

  return {
    name: "kaniko",
    label: "Kaniko",
    modes: MODES,

    /**
     * Checks one mode's runner, or without `mode` both: the strategy is available when either
     * mode is, and the build of an unavailable mode fails with its reason.
     */
    async checkAvailability(mode?: string): Promise<Availability> {
      if (mode !== undefined) {
        if (!MODES.includes(mode as KanikoMode)) {
          return { available: false, reason: `Kaniko has no mode "${mode}".`, fix: `Choose one of: ${MODES.join(", ")}.` };
        }
        return runnerFor(mode as KanikoMode).checkAvailability();
      }

      const results = await Promise.all(MODES.map(async (candidate) => [candidate, await runnerFor(candidate).checkAvailability()] as const));
      const versions: Record<string, string> = {};
      for (const [candidate, availability] of results) {
        if (!availability.available) continue;
        for (const [key, value] of Object.entries(availability.versions)) versions[`${candidate}.${key}`] = value;
      }
      if (Object.keys(versions).length > 0) return { available: true, versions };
      return {
        available: false,
        reason: results.map(([candidate, availability]) => `${candidate}: ${availability.available ? "available" : availability.reason}`).join(" "),
        fix: results.map(([candidate, availability]) => `${candidate}: ${availability.available ? "" : availability.fix}`).join(" "),
      };
    },

    async build(request: BuildRequest): Promise<BuildResult> {
      const mode = (request.mode ?? MODES[0]) as KanikoMode;
      if (!MODES.includes(mode)) {
        return { status: "failed", error: `Kaniko has no mode "${request.mode}"; choose one of: ${MODES.join(", ")}.`, versions: {}, workloads: [] };
      }

      const runner = runnerFor(mode);
      const availability = await runner.checkAvailability();
      if (!availability.available) {
        return {
          status: "failed",
          error: `Kaniko (${mode}) is not available: ${availability.reason} ${availability.fix}`,
          versions: { runner: mode },
          workloads: [],
        };
      }
      return runKanikoBuild(request, runner, settings());
    },

    async releaseComparison(comparisonId: string): Promise<void> {
      const current = settings();
      const deleted = await deleteRepositoryTags(cacheRepoForComparison(current, comparisonId), current.insecureRegistries);
      if (deleted.length > 0) console.info(`[kaniko] deleted ${deleted.length} cache tags of comparison ${comparisonId}`);
    },

    async removeLeftovers(liveRunIds: ReadonlySet<string>): Promise<string[]> {
      const removed: string[] = [];
      for (const mode of MODES) {
        try {
          removed.push(...(await runnerFor(mode).removeLeftovers(liveRunIds)));
        } catch (error) {
          console.warn(`[kaniko] removing leftovers of the ${mode} runner failed: ${(error as Error).message}`);
        }
      }
      return removed;
    },
  };
}

/** The Kaniko strategy with Buildlab's configuration from the environment. */
export const kanikoStrategy: Strategy = createKanikoStrategy();
