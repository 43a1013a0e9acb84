import { getDb } from "@/lib/db/client";
import { toError } from "@/lib/errors";

/** The newest comparison of one sample, for links from the Learn page. */
export interface SampleComparisonLink {
  id: string;
  title: string;
  status: string;
  createdAt: string;
}

export type NewestSampleComparisons =
  | { available: true; bySample: Map<string, SampleComparisonLink> }
  | { available: false; reason: string };

// submitComparison stores a sample's comparisons with this source prefix.
const SAMPLE_SOURCE_PREFIX = "sample:";

/**
 * Finds the newest comparison of each sample (comparisons whose source is "sample:" and its name). A
 * database that cannot be read is a value, so that the page still explains the strategies.
 */
export async function findNewestSampleComparisons(sampleNames: readonly string[]): Promise<NewestSampleComparisons> {
  try {
    const rows = await getDb().comparison.findMany({
      where: { source: { in: sampleNames.map((name) => `${SAMPLE_SOURCE_PREFIX}${name}`) } },
      orderBy: { createdAt: "desc" },
      distinct: ["source"],
      select: { id: true, title: true, status: true, createdAt: true, source: true },
    });

    const bySample = new Map<string, SampleComparisonLink>();
    for (const row of rows) {
      bySample.set(row.source.slice(SAMPLE_SOURCE_PREFIX.length), { id: row.id, title: row.title, status: row.status, createdAt: row.createdAt.toISOString() });
    }
    return { available: true, bySample };
  } catch (error) {
    console.error("[learn] reading the newest sample comparisons failed", toError(error));
    return { available: false, reason: toError(error).message };
  }
}
