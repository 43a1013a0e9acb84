import pg from "pg";

/** A run as PostgreSQL stores it, with durations derived from the stored timestamps in milliseconds. */
export interface StoredRun {
  id: string;
  status: string;
  strategy: string;
  mode: string | null;
  imageSizeBytes: string | null;
  layerCount: number | null;
  imageDigest: string | null;
  imageRef: string | null;
  /** Each phase row in start order. */
  phases: { name: string; durationMs: number | null }[];
  /** Each step row in position order. */
  steps: { position: number; name: string; cached: boolean; durationMs: number | null }[];
}

export interface StoredComparison {
  id: string;
  status: string;
  runs: StoredRun[];
}

function difference(start: Date | null, end: Date | null): number | null {
  return start && end ? end.getTime() - start.getTime() : null;
}

/**
 * Reads a comparison's runs, phases and steps straight from PostgreSQL, without Buildlab's own
 * query code, so that the test compares the page against the stored rows and not against itself.
 */
export async function readStoredComparison(databaseUrl: string, comparisonId: string): Promise<StoredComparison> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();

  try {
    const comparison = await client.query<{ id: string; status: string }>("select id, status from comparison where id = $1", [comparisonId]);
    if (comparison.rowCount !== 1) throw new Error(`Comparison ${comparisonId} is not in the database at ${databaseUrl.replace(/\/\/[^@]*@/, "//")}.`);

    const runs = await client.query(
      `select id, status, strategy, mode, image_size::text as image_size, layer_count, image_digest, image_ref
         from run where comparison_id = $1 order by sequence`,
      [comparisonId],
    );

    const stored: StoredRun[] = [];
    for (const run of runs.rows) {
      const phases = await client.query<{ name: string; started_at: Date; ended_at: Date | null }>(
        "select name, started_at, ended_at from phase where run_id = $1 order by started_at, id",
        [run.id],
      );
      const steps = await client.query<{ position: number; name: string; cached: boolean; started_at: Date | null; ended_at: Date | null }>(
        "select position, name, cached, started_at, ended_at from step where run_id = $1 order by position",
        [run.id],
      );

      stored.push({
        id: run.id,
        status: run.status,
        strategy: run.strategy,
        mode: run.mode,
        imageSizeBytes: run.image_size,
        layerCount: run.layer_count,
        imageDigest: run.image_digest,
        imageRef: run.image_ref,
        phases: phases.rows.map((phase) => ({ name: phase.name, durationMs: difference(phase.started_at, phase.ended_at) })),
        steps: steps.rows.map((step) => ({ position: step.position, name: step.name, cached: step.cached, durationMs: difference(step.started_at, step.ended_at) })),
      });
    }

    return { id: comparison.rows[0].id, status: comparison.rows[0].status, runs: stored };
  } finally {
    await client.end();
  }
}
