import type { StrategyName } from "./types";

export interface StrategyDescription {
  name: StrategyName;
  label: string;
  /** Modes the user picks from; the first is the default. */
  modes: readonly string[];
}

// Names and modes only, so that input checks and pages need not load the Docker or Kubernetes clients.
// Each entry matches the `name`, `label` and `modes` of the strategy object in its folder.
export const STRATEGY_CATALOGUE: Record<StrategyName, StrategyDescription> = {
  socket: { name: "socket", label: "Host Docker socket", modes: ["buildkit", "classic"] },
  dind: { name: "dind", label: "Docker-in-Docker", modes: ["cold", "warm"] },
  kaniko: { name: "kaniko", label: "Kaniko", modes: ["kubernetes", "docker"] },
};
