import type { LogLineView } from "../../views";
import { getDb } from "../client";

/** Lists the log lines of a comparison's runs stored after line `afterId`, oldest first, at most `limit`. */
export async function listLogLinesAfter(comparisonId: string, afterId: bigint, limit = 2000): Promise<LogLineView[]> {
  const lines = await getDb().logLine.findMany({
    where: { id: { gt: afterId }, run: { comparisonId } },
    orderBy: { id: "asc" },
    take: limit,
  });
  return lines.map((line) => ({
    id: line.id.toString(),
    runId: line.runId,
    at: line.at.toISOString(),
    stream: line.stream,
    text: line.text,
  }));
}
