import { getDb } from "../../lib/db/client";

const ENDED = ["succeeded", "failed", "cancelled"];

/** Polls PostgreSQL until the comparison has ended, and returns its final status. */
export async function waitForComparison(id: string, timeoutMs = 280_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const comparison = await getDb().comparison.findUniqueOrThrow({ where: { id }, select: { status: true } });
    if (ENDED.includes(comparison.status)) return comparison.status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Comparison ${id} did not end within ${timeoutMs} ms`);
}
