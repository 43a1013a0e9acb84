import type { StrategyName } from "../strategies/types";

export interface PlanChoice {
  strategy: StrategyName;
  mode?: string;
}

export interface PlannedRun extends PlanChoice {
  sequence: number;
  scenario: string;
  iteration: number;
}

/**
 * Expands a comparison into its ordered builds: every iteration of every scenario for every chosen
 * strategy. Strategies are interleaved and their order rotates from one iteration to the next, so a
 * drift over time (a warming disk cache, a busy neighbour) spreads over all strategies alike.
 */
export function expandPlan(choices: PlanChoice[], scenarios: string[], iterations: number): PlannedRun[] {
  const plan: PlannedRun[] = [];

  for (let iteration = 1; iteration <= iterations; iteration++) {
    const offset = (iteration - 1) % choices.length;
    const rotated = [...choices.slice(offset), ...choices.slice(0, offset)];

    for (const scenario of scenarios) {
      for (const choice of rotated) {
        plan.push({ ...choice, sequence: plan.length, scenario, iteration });
      }
    }
  }

  return plan;
}
