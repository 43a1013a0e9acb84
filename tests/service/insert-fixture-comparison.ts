import { getDb } from "../../lib/db/client";

/** Stores a finished comparison with one succeeded run and one log line, without building anything. */
export async function insertFixtureComparison(title: string): Promise<{ comparisonId: string; runId: string }> {
  const startedAt = new Date(Date.now() - 5000);
  const finishedAt = new Date();
  const comparison = await getDb().comparison.create({
    data: {
      title,
      source: "paste",
      dockerfile: "FROM localhost:5000/buildlab/busybox:lab\n",
      contextDigest: `sha256:${"0".repeat(64)}`,
      contextBytes: 1024n,
      contextFiles: 1,
      strategies: [{ strategy: "socket", mode: "buildkit" }],
      scenarios: ["cold"],
      status: "succeeded",
      startedAt,
      finishedAt,
      runs: {
        create: [{ sequence: 0, strategy: "socket", mode: "buildkit", status: "succeeded", startedAt, finishedAt, logBytes: 12, logs: { create: [{ at: finishedAt, text: `fixture log of ${title}` }] } }],
      },
    },
    include: { runs: true },
  });
  return { comparisonId: comparison.id, runId: comparison.runs[0].id };
}
