import { z } from "zod";
import { getSampleDirectory, storeContext, type ContextInput } from "../context";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { BuildlabError } from "../errors";
import { STRATEGY_CATALOGUE } from "../strategies/catalogue";
import { STRATEGY_NAMES } from "../strategies/types";
import { enqueueComparison } from "./comparison-queue";
import { expandPlan } from "./expand-plan";

export const SCENARIOS = ["cold", "warm-change", "warm-same"] as const;

export const comparisonOptionsSchema = z.object({
  title: z.string().trim().max(200).optional(),
  strategies: z
    .array(z.object({ strategy: z.enum(STRATEGY_NAMES), mode: z.string().max(40).optional() }))
    .min(1, "Choose at least one strategy.")
    .max(12),
  scenarios: z.array(z.enum(SCENARIOS)).min(1).max(SCENARIOS.length).default(["cold"]),
  iterations: z.number().int().min(1).max(20).default(1),
  // "parallel" runs the strategies of each round side by side; timings then include their contention.
  schedule: z.enum(["sequential", "parallel"]).default("sequential"),
  dockerfilePath: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\0]+$/, "The Dockerfile path must be relative to the context and stay inside it.")
    .default("Dockerfile"),
});

export type ComparisonOptions = z.infer<typeof comparisonOptionsSchema>;

export type ContextSource = { kind: "sample"; name: string } | Exclude<ContextInput, { kind: "directory" }>;

export interface Submission {
  /** Checked again here, so that defaults fill in for callers that leave options out. */
  options: z.input<typeof comparisonOptionsSchema>;
  source: ContextSource;
  /** Pasted Dockerfile text, which replaces or adds the Dockerfile in the context. */
  dockerfileText?: string;
}

/**
 * Checks a submission, stores its context and the comparison with its plan, and queues it.
 * Nothing is stored when any check fails. Returns the new comparison's id.
 */
export async function submitComparison(submission: Submission): Promise<string> {
  const env = getEnv();
  const options: ComparisonOptions = comparisonOptionsSchema.parse(submission.options);

  const choices = options.strategies.map((choice) => {
    const description = STRATEGY_CATALOGUE[choice.strategy];
    const mode = choice.mode ?? description.modes[0];
    if (!description.modes.includes(mode)) {
      throw new BuildlabError("invalid_input", `Mode "${mode}" is not a mode of ${description.label}; choose one of: ${description.modes.join(", ")}.`);
    }
    return { strategy: choice.strategy, mode };
  });

  const input: ContextInput = submission.source.kind === "sample"
    ? { kind: "directory", path: getSampleDirectory(submission.source.name) }
    : submission.source;
  const stored = await storeContext(input, {
    dataDir: env.BUILDLAB_DATA_DIR,
    maxBytes: env.BUILDLAB_CONTEXT_MAX_BYTES,
    maxFiles: env.BUILDLAB_CONTEXT_MAX_FILES,
    dockerfilePath: options.dockerfilePath,
    dockerfileText: submission.dockerfileText,
  });

  const plan = expandPlan(choices, options.scenarios, options.iterations);
  const sourceLabel = submission.source.kind === "sample" ? `sample:${submission.source.name}` : submission.source.kind;
  const title = options.title || (submission.source.kind === "sample" ? `Sample ${submission.source.name}` : `Dockerfile ${stored.digest.slice(7, 19)}`);

  const comparison = await getDb().comparison.create({
    data: {
      title,
      source: sourceLabel,
      dockerfilePath: stored.dockerfilePath,
      dockerfile: stored.dockerfile,
      contextDigest: stored.digest,
      contextBytes: BigInt(stored.bytes),
      contextFiles: stored.files,
      strategies: choices,
      scenarios: options.scenarios,
      iterations: options.iterations,
      schedule: options.schedule,
      runs: {
        create: plan.map((run) => ({
          sequence: run.sequence,
          strategy: run.strategy,
          mode: run.mode,
          scenario: run.scenario,
          iteration: run.iteration,
        })),
      },
    },
  });

  console.info(`[submit] comparison ${comparison.id} stored with ${plan.length} runs (${sourceLabel})`);
  enqueueComparison(comparison.id);
  return comparison.id;
}
