import { BuildlabError } from "../errors";
import { STRATEGY_NAMES, type Strategy, type StrategyName } from "./types";

/** Loads a strategy's implementation; the Docker and Kubernetes clients load only when first needed. */
export async function getStrategy(name: StrategyName): Promise<Strategy> {
  switch (name) {
    case "socket":
      return (await import("./socket/socket-strategy")).socketStrategy;
    case "dind":
      return (await import("./dind/dind-strategy")).dindStrategy;
    case "kaniko":
      return (await import("./kaniko/kaniko-strategy")).kanikoStrategy;
    default:
      throw new BuildlabError("invalid_input", `Unknown strategy "${name}"; choose one of: ${STRATEGY_NAMES.join(", ")}.`);
  }
}

/** Loads every strategy, in the order of STRATEGY_NAMES. */
export async function getAllStrategies(): Promise<Strategy[]> {
  const loaded: Strategy[] = [];
  for (const name of STRATEGY_NAMES) {
    try {
      loaded.push(await getStrategy(name));
    } catch (error) {
      if (!(error instanceof BuildlabError)) throw error;
    }
  }
  return loaded;
}
