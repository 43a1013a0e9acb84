import { compareRunImages, type RunImage } from "../images";
import { getDb } from "../db/client";
import type { RunStatus, StrategyName } from "../strategies/types";

const MAX_STORED_IGNORED = 200;

/**
 * Compares the images that a comparison's strategies built and stores the summaries and the
 * differences. Each strategy and mode is represented by its first iteration in every scenario, so
 * that N iterations do not multiply the image reads. A failure here is logged, never fatal.
 */
export async function storeImageEquivalence(comparisonId: string): Promise<void> {
  const db = getDb();
  const runs = await db.run.findMany({ where: { comparisonId }, orderBy: { sequence: "asc" } });

  const representatives = new Map<string, (typeof runs)[number]>();
  for (const run of runs) {
    const key = `${run.scenario}|${run.strategy}|${run.mode ?? ""}`;
    if (!representatives.has(key) && (run.status === "succeeded" || run.status === "failed")) representatives.set(key, run);
  }
  const candidates: RunImage[] = [...representatives.values()].map((run) => ({
    runId: run.id,
    strategy: run.strategy as StrategyName,
    mode: run.mode,
    scenario: run.scenario,
    status: run.status as RunStatus,
    // Only a pushed image can be read from the registry.
    imageRef: run.imageDigest ? run.imageRef : null,
    failedStep: run.failedStep,
    error: run.error,
  }));
  if (candidates.length < 2) return;

  try {
    const report = await compareRunImages(candidates);

    await db.$transaction([
      db.imageEquivalence.deleteMany({ where: { comparisonId } }),
      db.imageEquivalence.createMany({
        data: report.pairs.map((pair) => ({
          comparisonId,
          leftRunId: pair.left.runId,
          rightRunId: pair.right.runId,
          equal: pair.equal,
          // Every file can differ in its timestamps, so only the first ignored differences are kept.
          differences: [...pair.differences, ...pair.ignoredDifferences.slice(0, MAX_STORED_IGNORED)] as object,
          ignoredCount: pair.ignoredCount,
        })),
      }),
      db.comparison.update({ where: { id: comparisonId }, data: { imageFindings: report.findings as object } }),
      ...candidates
        .filter((run) => run.imageRef && report.summaries[run.imageRef])
        .map((run) => {
          const summary = report.summaries[run.imageRef!];
          return db.imageSummary.upsert({
            where: { runId: run.runId },
            create: { runId: run.runId, config: summary.config as object, files: summary.files as object },
            update: { config: summary.config as object, files: summary.files as object },
          });
        }),
    ]);
    console.info(`[runner] compared the images of comparison ${comparisonId}: ${report.pairs.length} pairs, ${report.findings.length} findings`);
  } catch (error) {
    console.warn(`[runner] comparing the images of comparison ${comparisonId} failed; the comparison has no equivalence section`, error);
  }
}
