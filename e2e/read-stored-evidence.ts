import pg from "pg";

/** A run as PostgreSQL stores it, with what the evidence sections show: durations, posture and findings. */
export interface EvidenceRun {
  id: string;
  sequence: number;
  strategy: string;
  mode: string | null;
  scenario: string;
  iteration: number;
  status: string;
  /** finished_at minus started_at in milliseconds, or null while either is missing. */
  totalMs: number | null;
  /** Each phase row in start order, with its duration in milliseconds or null while it runs. */
  phases: { name: string; durationMs: number | null }[];
  posture: { pssLevel: string | null; summary: string; rootDaemonInvolved: boolean; hostTakeoverFromDockerfile: boolean } | null;
  findings: { control: string; severity: string; passed: boolean; evidence: unknown }[];
}

function difference(start: Date | null, end: Date | null): number | null {
  return start && end ? end.getTime() - start.getTime() : null;
}

/**
 * Reads a comparison's runs with their phases, posture and findings straight from PostgreSQL,
 * without Buildlab's own query code, so the tests compare the page against the stored rows.
 */
export async function readStoredEvidence(databaseUrl: string, comparisonId: string): Promise<EvidenceRun[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();

  try {
    const runs = await client.query(
      `select id, sequence, strategy, mode, scenario, iteration, status, started_at, finished_at, posture
         from run where comparison_id = $1 order by sequence`,
      [comparisonId],
    );
    const phases = await client.query<{ run_id: string; name: string; started_at: Date; ended_at: Date | null }>(
      `select p.run_id, p.name, p.started_at, p.ended_at from phase p join run r on r.id = p.run_id
        where r.comparison_id = $1 order by p.started_at, p.id`,
      [comparisonId],
    );
    const findings = await client.query<{ run_id: string; control: string; severity: string; passed: boolean; evidence: unknown }>(
      `select f.run_id, f.control, f.severity, f.passed, f.evidence from finding f join run r on r.id = f.run_id
        where r.comparison_id = $1 order by f.id`,
      [comparisonId],
    );

    return runs.rows.map((run) => ({
      id: run.id,
      sequence: run.sequence,
      strategy: run.strategy,
      mode: run.mode,
      scenario: run.scenario,
      iteration: run.iteration,
      status: run.status,
      totalMs: difference(run.started_at, run.finished_at),
      phases: phases.rows.filter((phase) => phase.run_id === run.id).map((phase) => ({ name: phase.name, durationMs: difference(phase.started_at, phase.ended_at) })),
      posture: run.posture,
      findings: findings.rows.filter((finding) => finding.run_id === run.id).map(({ control, severity, passed, evidence }) => ({ control, severity, passed, evidence })),
    }));
  } finally {
    await client.end();
  }
}
