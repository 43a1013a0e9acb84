import type { ComparisonSummary } from "../../views";
import { getDb } from "../client";

/** Lists comparisons newest first, with the run count and the total of run durations. */
export async function listComparisonSummaries(limit = 100, before?: Date): Promise<ComparisonSummary[]> {
  const comparisons = await getDb().comparison.findMany({
    where: before ? { createdAt: { lt: before } } : undefined,
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      title: true,
      status: true,
      createdAt: true,
      finishedAt: true,
      source: true,
      strategies: true,
      runs: { select: { startedAt: true, finishedAt: true } },
    },
  });

  return comparisons.map((comparison) => {
    const durations = comparison.runs
      .filter((run) => run.startedAt && run.finishedAt)
      .map((run) => run.finishedAt!.getTime() - run.startedAt!.getTime());
    const strategies = (comparison.strategies as { strategy: string; mode?: string }[]).map((entry) =>
      entry.mode ? `${entry.strategy} (${entry.mode})` : entry.strategy,
    );

    return {
      id: comparison.id,
      title: comparison.title,
      status: comparison.status as ComparisonSummary["status"],
      createdAt: comparison.createdAt.toISOString(),
      finishedAt: comparison.finishedAt?.toISOString() ?? null,
      source: comparison.source,
      strategies,
      runCount: comparison.runs.length,
      totalMs: durations.length ? durations.reduce((sum, value) => sum + value, 0) : null,
    };
  });
}
