import { STRATEGY_CATALOGUE } from "@/lib/strategies/catalogue";
import type { StrategyName } from "@/lib/strategies/types";

/** Strategy names as users read them, from the catalogue the strategies share. */
export const STRATEGY_LABELS: Record<StrategyName, string> = {
  socket: STRATEGY_CATALOGUE.socket.label,
  dind: STRATEGY_CATALOGUE.dind.label,
  kaniko: STRATEGY_CATALOGUE.kaniko.label,
};

/** Names shown for strategy modes; an unknown mode is shown as it is stored. */
export const MODE_LABELS: Record<string, string> = {
  // Host Docker socket: which builder the Engine API uses.
  buildkit: "BuildKit",
  classic: "Classic builder",
  // Docker-in-Docker: whether the inner daemon's /var/lib/docker volume is new per run or kept for the comparison.
  cold: "New data volume per run",
  warm: "Data volume kept across runs",
  // Kaniko: where the executor runs.
  kubernetes: "Kubernetes pod",
  docker: "Docker container",
};

/** Scenario names as users read them. */
export const SCENARIO_LABELS: Record<string, string> = {
  cold: "Cold",
  "warm-change": "Warm, small change",
  "warm-same": "Warm, no change",
};

/** Returns the strategy's label, with its mode in brackets when it has one. */
export function strategyWithMode(strategy: string, mode: string | null | undefined): string {
  const label = STRATEGY_LABELS[strategy as StrategyName] ?? strategy;
  if (!mode) return label;
  return `${label} (${MODE_LABELS[mode] ?? mode})`;
}
