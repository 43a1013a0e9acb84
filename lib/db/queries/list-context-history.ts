import { getDb } from "../client";

export interface ContextHistoryEntry {
  comparisonId: string;
  title: string;
  createdAt: string;
  status: string;
  runs: { strategy: string; mode: string | null; scenario: string; status: string; durationMs: number | null }[];
}

/**
 * Lists the comparisons that built the same context (same digest, so the same Dockerfile and files),
 * oldest first, with each run's total duration, for the history chart of one Dockerfile.
 */
export async function listContextHistory(contextDigest: string, limit = 50): Promise<ContextHistoryEntry[]> {
  const comparisons = await getDb().comparison.findMany({
    where: { contextDigest },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      title: true,
      createdAt: true,
      status: true,
      runs: { orderBy: { sequence: "asc" }, select: { strategy: true, mode: true, scenario: true, status: true, startedAt: true, finishedAt: true } },
    },
  });

  return comparisons.reverse().map((comparison) => ({
    comparisonId: comparison.id,
    title: comparison.title,
    createdAt: comparison.createdAt.toISOString(),
    status: comparison.status,
    runs: comparison.runs.map((run) => ({
      strategy: run.strategy,
      mode: run.mode,
      scenario: run.scenario,
      status: run.status,
      durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    })),
  }));
}
