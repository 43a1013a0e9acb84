import { randomUUID } from "node:crypto";
import pg from "pg";
import { evaluatePosture } from "@/lib/posture";
import type { Workload } from "@/lib/strategies/types";

export interface HistorySize {
  comparisons: number;
  runsPerComparison: number;
  stepsPerRun: number;
}

export interface SeededHistory {
  comparisons: number;
  runs: number;
  steps: number;
  phases: number;
  findings: number;
  equivalences: number;
  /** Comparison ids in order of creation, oldest first. */
  comparisonIds: string[];
  /** The context digest most comparisons share, as one sample run again and again does. */
  commonDigest: string;
  /** Time per table, in milliseconds. */
  timings: Record<string, number>;
}

// The strategies of every seeded comparison, each built twice (two iterations) in plan order.
const CHOICES = [
  { strategy: "socket", mode: "buildkit" },
  { strategy: "socket", mode: "classic" },
  { strategy: "dind", mode: "cold" },
  { strategy: "kaniko", mode: "docker" },
  { strategy: "kaniko", mode: "kubernetes" },
];
const SAMPLES = ["python-web", "multi-stage", "node-app", "go-multi-stage", "many-files", "many-layers"];
const PHASES = ["prepare", "base", "context", "build", "push", "cleanup"];
// Comparisons are spread this far apart, newest last, so 10,000 of them cover about 100 days.
const SPACING_MS = 15 * 60 * 1000;
const BATCH_ROWS = 2000;

/**
 * Seeds a migrated, empty Buildlab database with finished comparisons shaped like real ones. Each
 * has `runsPerComparison` runs of five strategy modes and image equivalence pairs. Each run has six
 * phases, `stepsPerRun` steps and the security findings Buildlab derives from `workload`.
 * Comparisons and runs go in as multi-row INSERTs of 2,000 rows through `pg`, and phases, steps and
 * findings as one INSERT ... SELECT over the runs per table.
 */
export async function seedHistory(url: string, size: HistorySize, workload: Workload): Promise<SeededHistory> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = performance.now() - started;
    }
  };

  try {
    // The seed is rebuilt from scratch on failure, so durability of each commit is not needed.
    await client.query("SET synchronous_commit = off");
    const digests = SAMPLES.map(() => `sha256:${randomHex(64)}`);
    const comparisonIds = Array.from({ length: size.comparisons }, () => randomUUID());
    const newest = Date.now() - 60 * 60 * 1000;
    const report = evaluatePosture([workload]);

    await timed("comparison", () => insertComparisons(client, comparisonIds, digests, newest));
    await timed("run", () => insertRuns(client, comparisonIds, size.runsPerComparison, newest, workload, report));
    const phases = await timed("phase", () => insertPhases(client));
    const steps = await timed("step", () => insertSteps(client, size.stepsPerRun));
    const findings = await timed("finding", () => insertFindings(client, report.findings));
    const equivalences = await timed("image_equivalence", () => insertEquivalences(client));
    await timed("analyze", () => client.query("ANALYZE"));

    return {
      comparisons: comparisonIds.length,
      runs: comparisonIds.length * size.runsPerComparison,
      steps,
      phases,
      findings,
      equivalences,
      comparisonIds,
      commonDigest: digests[0],
      timings,
    };
  } finally {
    await client.end();
  }
}

async function insertComparisons(client: pg.Client, ids: string[], digests: string[], newest: number): Promise<void> {
  const strategies = JSON.stringify(CHOICES);
  const environment = JSON.stringify({ cpus: 2, memoryBytes: 25_000_000_000, platform: "linux 6.1.0 x64", node: "v24.22.3", buildlab: "0.1.0", versions: { socket: { engine: "20.10.24", api: "1.41" } } });

  for (let start = 0; start < ids.length; start += BATCH_ROWS) {
    const batch = ids.slice(start, start + BATCH_ROWS);
    const rows = batch.map((id, offset) => {
      const index = start + offset;
      const createdAt = new Date(newest - (ids.length - index) * SPACING_MS);
      const sampleIndex = pickSample(index);
      const status = pickStatus(index);
      return {
        id,
        title: sampleIndex >= 0 ? `Sample ${SAMPLES[sampleIndex]}` : `Dockerfile ${randomHex(12)}`,
        createdAt,
        finishedAt: new Date(createdAt.getTime() + 4 * 60 * 1000),
        status,
        source: sampleIndex >= 0 ? `sample:${SAMPLES[sampleIndex]}` : "upload",
        digest: sampleIndex >= 0 ? digests[sampleIndex] : `sha256:${randomHex(64)}`,
      };
    });
    await client.query(
      `INSERT INTO comparison (id, title, created_at, started_at, finished_at, status, error, source, dockerfile, context_digest, context_bytes, context_files, strategies, scenarios, iterations, environment, submitted_by, claim_count)
       SELECT id, title, created_at, created_at, finished_at, status,
              CASE WHEN status = 'failed' THEN 'One or more runs failed.' END,
              source, $8, digest, 48128, 12, $9::jsonb, ARRAY['cold'], 2, $10::jsonb, 'local', 1
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
         AS t(id, title, created_at, finished_at, status, source, digest)`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.title),
        rows.map((row) => row.createdAt),
        rows.map((row) => row.finishedAt),
        rows.map((row) => row.status),
        rows.map((row) => row.source),
        rows.map((row) => row.digest),
        SAMPLE_DOCKERFILE,
        strategies,
        environment,
      ],
    );
  }
}

async function insertRuns(
  client: pg.Client,
  comparisonIds: string[],
  runsPerComparison: number,
  newest: number,
  workload: Workload,
  report: ReturnType<typeof evaluatePosture>,
): Promise<void> {
  const posture = JSON.stringify({ pssLevel: report.pssLevel, workloads: report.workloads, hostTakeoverFromDockerfile: report.hostTakeoverFromDockerfile, rootDaemonInvolved: report.rootDaemonInvolved, summary: report.summary });
  const versions = JSON.stringify({ engine: "20.10.24", api: "1.41", builder: "buildkit", platform: "linux/amd64" });
  const comparisonsPerBatch = Math.max(1, Math.floor(BATCH_ROWS / runsPerComparison));

  for (let start = 0; start < comparisonIds.length; start += comparisonsPerBatch) {
    const columns = { id: [] as string[], comparisonId: [] as string[], sequence: [] as number[], strategy: [] as string[], mode: [] as string[], iteration: [] as number[], startedAt: [] as Date[], finishedAt: [] as Date[], status: [] as string[] };
    comparisonIds.slice(start, start + comparisonsPerBatch).forEach((comparisonId, offset) => {
      const index = start + offset;
      const createdAt = newest - (comparisonIds.length - index) * SPACING_MS;
      for (let sequence = 0; sequence < runsPerComparison; sequence += 1) {
        const choice = CHOICES[sequence % CHOICES.length];
        // Runs last 8 to 30 s, one after another.
        const startedAt = createdAt + sequence * 30_000;
        columns.id.push(randomUUID());
        columns.comparisonId.push(comparisonId);
        columns.sequence.push(sequence);
        columns.strategy.push(choice.strategy);
        columns.mode.push(choice.mode);
        columns.iteration.push(Math.floor(sequence / CHOICES.length) + 1);
        columns.startedAt.push(new Date(startedAt));
        columns.finishedAt.push(new Date(startedAt + 8_000 + ((index * 7 + sequence * 13) % 22) * 1000));
        columns.status.push(index % 50 === 0 && sequence === runsPerComparison - 1 ? "failed" : "succeeded");
      }
    });
    await client.query(
      `INSERT INTO run (id, comparison_id, sequence, strategy, mode, scenario, iteration, status, queued_at, started_at, finished_at, error, image_ref, image_digest, image_id, image_size, layer_count, versions, workload, posture, log_bytes)
       SELECT id, comparison_id, sequence, strategy, mode, 'cold', iteration, status, started_at, started_at, finished_at,
              CASE WHEN status = 'failed' THEN 'The command ''/bin/sh -c pip install'' returned a non-zero code: 1' END,
              'localhost:5000/buildlab/' || comparison_id || ':' || id, 'sha256:' || md5(id::text) || md5(comparison_id::text),
              'sha256:' || md5(comparison_id::text) || md5(id::text), 190000000, 9, $10::jsonb, $11::jsonb, $12::jsonb, 24000
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::text[])
         AS t(id, comparison_id, sequence, strategy, mode, iteration, started_at, finished_at, status)`,
      [columns.id, columns.comparisonId, columns.sequence, columns.strategy, columns.mode, columns.iteration, columns.startedAt, columns.finishedAt, columns.status, versions, JSON.stringify(workload), posture],
    );
  }
}

async function insertPhases(client: pg.Client): Promise<number> {
  // Each phase takes a sixth of the run, in order.
  const result = await client.query(
    `INSERT INTO phase (run_id, name, started_at, ended_at)
     SELECT r.id, p.name, r.started_at + (r.finished_at - r.started_at) * (p.n - 1) / 6, r.started_at + (r.finished_at - r.started_at) * p.n / 6
     FROM run r CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS p(name, n)`,
    [PHASES],
  );
  return result.rowCount ?? 0;
}

async function insertSteps(client: pg.Client, stepsPerRun: number): Promise<number> {
  const result = await client.query(
    `INSERT INTO step (run_id, position, name, cached, started_at, ended_at)
     SELECT r.id, s.n, '[' || (s.n + 1) || '/' || $1 || '] ' || CASE WHEN s.n = 0 THEN 'FROM localhost:5000/buildlab/python:3.11-bookworm' WHEN s.n % 2 = 1 THEN 'COPY requirements.txt .' ELSE 'RUN python3 -m pip install --no-index -r requirements.txt' END,
            s.n % 3 = 0, r.started_at + (r.finished_at - r.started_at) * s.n / $1, r.started_at + (r.finished_at - r.started_at) * (s.n + 1) / $1
     FROM run r CROSS JOIN generate_series(0, $1 - 1) AS s(n)`,
    [stepsPerRun],
  );
  return result.rowCount ?? 0;
}

async function insertFindings(client: pg.Client, findings: ReturnType<typeof evaluatePosture>["findings"]): Promise<number> {
  const result = await client.query(
    `INSERT INTO finding (run_id, subject, workload, control, severity, passed, title, evidence, explanation, remediation)
     SELECT r.id, f.subject, f.workload, f.control, f.severity, f.passed, f.title, f.evidence, f.explanation, f.remediation
     FROM run r CROSS JOIN jsonb_to_recordset($1::jsonb)
       AS f(subject text, workload text, control text, severity text, passed boolean, title text, evidence jsonb, explanation text, remediation text)`,
    [JSON.stringify(findings)],
  );
  return result.rowCount ?? 0;
}

async function insertEquivalences(client: pg.Client): Promise<number> {
  // Each run of the first iteration is compared with the first run, as the runner pairs images.
  const result = await client.query(
    `INSERT INTO image_equivalence (comparison_id, left_run_id, right_run_id, equal, differences, ignored_count)
     SELECT r.comparison_id, first.id, r.id, r.sequence % 2 = 0,
            CASE WHEN r.sequence % 2 = 0 THEN '[]'::jsonb ELSE '[{"kind":"config","path":"Env","left":null,"right":"PATH=/usr/bin","message":"Env differs"}]'::jsonb END, 12
     FROM run r JOIN run first ON first.comparison_id = r.comparison_id AND first.sequence = 0
     WHERE r.sequence BETWEEN 1 AND $1`,
    [CHOICES.length - 1],
  );
  return result.rowCount ?? 0;
}

// Four in ten comparisons build the first sample, three in ten one of the others, and the rest an
// upload of their own (-1).
function pickSample(index: number): number {
  const decile = index % 10;
  if (decile < 4) return 0;
  if (decile < 7) return 1 + (Math.floor(index / 10) % (SAMPLES.length - 1));
  return -1;
}

// One comparison in 50 failed and about one in 100 was cancelled.
function pickStatus(index: number): string {
  if (index % 50 === 0) return "failed";
  if (index % 97 === 0) return "cancelled";
  return "succeeded";
}

function randomHex(length: number): string {
  let text = "";
  while (text.length < length) text += Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0");
  return text.slice(0, length);
}

const SAMPLE_DOCKERFILE = `FROM localhost:5000/buildlab/python:3.11-bookworm

WORKDIR /app

# The dependencies come first, so that changing the app's code keeps the install layer cached.
COPY requirements.txt .
COPY vendor/ vendor/
RUN python3 -m pip install --no-index --no-build-isolation --no-cache-dir \\
        --disable-pip-version-check --root-user-action=ignore --break-system-packages \\
        -r requirements.txt

COPY . .

ENV PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["python3", "app.py"]
`;
