import { quantile } from "d3-array";
import pg from "pg";
import { summarize } from "@/lib/stats/summarize";
import { formatMiB, formatMs, formatTable } from "./format-table";
import { readProcessRss } from "./read-process-memory";
import type { SeededHistory } from "./seed-history";
import type { SectionResult, TargetCheck } from "./section-result";
import { timeRequests, type TimedRoute } from "./time-requests";

export interface HistoryAtScaleOptions {
  baseUrl: string;
  databaseUrl: string;
  /** PID of the `next start` process, whose memory is read after the requests. */
  serverPid: number;
  seeded: SeededHistory;
  requests: number;
  warmUp: number;
  log: (line: string) => void;
}

const MAX_P95_MS = 200;
// The history page and the route that lists comparisons of one context read at most this many.
const CONTEXT_HISTORY_LIMIT = 50;

/**
 * Requests the history page, a comparison page and their API routes of a running Buildlab whose
 * database contains the seeded history. Returns p95 and spread per route against the target.
 * Each comparison request names another comparison, drawn at random from the whole history.
 */
export async function measureHistoryAtScale(options: HistoryAtScaleOptions): Promise<SectionResult> {
  const { seeded } = options;
  const ids = Array.from({ length: options.requests + options.warmUp }, () => seeded.comparisonIds[Math.floor(Math.random() * seeded.comparisonIds.length)]);
  const routes: TimedRoute[] = [
    { name: "/history", path: () => "/history" },
    { name: "/api/comparisons", path: () => "/api/comparisons" },
    { name: "/comparisons/:id", path: (index) => `/comparisons/${ids[index]}` },
    { name: "/api/comparisons/:id", path: (index) => `/api/comparisons/${ids[index]}` },
    { name: "/api/comparisons/:id/history", path: (index) => `/api/comparisons/${ids[index]}/history` },
  ];

  const rssBefore = readProcessRss(options.serverPid);
  const results = await timeRequests(options.baseUrl, routes, options.requests, options.warmUp);
  const rssAfter = readProcessRss(options.serverPid);
  const plans = await explainHeaviestQueries(options.databaseUrl, seeded.commonDigest);

  const rows: string[][] = [];
  const targets: TargetCheck[] = [];
  for (const route of routes) {
    const { warmUp, timed } = results.get(route.name)!;
    const summary = summarize(timed);
    const p95 = quantile(timed, 0.95)!;
    rows.push([`\`${route.name}\``, String(summary.n), formatMs(summary.median), formatMs(p95), formatMs(summary.min), formatMs(summary.max), formatMs(summary.iqr), formatMs(warmUp[0])]);
    targets.push({ target: `\`GET ${route.name}\`: p95 under ${MAX_P95_MS} ms`, measured: formatMs(p95), met: p95 < MAX_P95_MS });
    options.log(`[history] ${route.name}: median ${formatMs(summary.median)}, p95 ${formatMs(p95)}`);
  }

  const countRows = [
    ["comparisons", seeded.comparisons],
    ["runs", seeded.runs],
    ["phases", seeded.phases],
    ["steps", seeded.steps],
    ["findings", seeded.findings],
    ["image equivalence pairs", seeded.equivalences],
  ].map(([table, count]) => [String(table), count.toLocaleString("en-US"), formatMs(seeded.timings[tableNames[String(table)]] ?? 0)]);

  const figures = [
    formatTable(["Route", "n", "median", "p95", "min", "max", "IQR", "first request (not counted)"], rows),
    "",
    `RSS of the \`next-server\` process: ${rssBefore === undefined ? "unknown" : formatMiB(rssBefore)} after start-up, ${rssAfter === undefined ? "unknown" : formatMiB(rssAfter)} after these ${(options.requests + options.warmUp) * routes.length} requests.`,
    "",
    "The seeded database:",
    "",
    formatTable(["Rows", "count", "time to insert"], countRows),
    "",
    `\`ANALYZE\` after the inserts took ${formatMs(seeded.timings.analyze ?? 0)}.`,
    "",
    "Database time of the queries behind the slowest routes, from `EXPLAIN (ANALYZE)` on the seeded database, for the context shared by the most comparisons:",
    "",
    formatTable(["Query", "plan", "execution time"], plans),
  ].join("\n");

  const method = [
    `A separate embedded PostgreSQL (\`startEmbeddedPostgres\`, its own port and data folder in a temporary folder), migrated with \`applyMigrations\`, is seeded with ${seeded.comparisons.toLocaleString("en-US")} finished comparisons of ${seeded.runs / seeded.comparisons} runs each (five strategy modes, two iterations), six phases and ${seeded.steps / seeded.runs} steps per run, the security findings Buildlab derives from a real \`docker info\` for every run (${seeded.findings / seeded.runs} per run; runs of Docker-in-Docker and Kaniko have more in practice), and image equivalence pairs.`,
    "Comparisons and runs are inserted as multi-row INSERTs of 2,000 rows (`unnest` of arrays) through `pg`; phases, steps and findings as one INSERT ... SELECT over the runs each; then `ANALYZE`.",
    "Four in ten comparisons share one context digest (one sample built again and again), three in ten share five other digests, and the rest are uploads with their own digest, so the per-context history of a common sample spans thousands of comparisons.",
    "Then the real server starts (`scripts/serve.ts`, which runs `next start` on 127.0.0.1 on its own port) with `DATABASE_URL` pointing at that database. It needs a production build in `.next`, made before the benchmark by `npx next build` or `bash scripts/start.sh`; the benchmark does not build.",
    `The dashboard is open on loopback (no token is set), so the requests carry no credentials. Each route gets ${options.warmUp} warm-up request(s) and then ${options.requests} timed requests, one at a time, round by round with the route order rotated; each comparison request names another comparison drawn at random from the whole history.`,
    "The time is measured by the client on 127.0.0.1 until the whole body has arrived, which is the server's time plus a loopback round trip.",
  ].join(" ");

  const note = targets.every((target) => target.met)
    ? "\n\nEvery route meets its target with the indexes the existing migrations create, and the plans above use them, so this benchmark adds no migration."
    : "";
  return { title: "3. History at scale", method, figures: figures + note, targets };
}

const tableNames: Record<string, string> = {
  comparisons: "comparison",
  runs: "run",
  phases: "phase",
  steps: "step",
  findings: "finding",
  "image equivalence pairs": "image_equivalence",
};

async function explainHeaviestQueries(url: string, digest: string): Promise<string[][]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The same shapes as the Prisma queries of listContextHistory and listComparisonSummaries.
    const queries: [string, string, unknown[]][] = [
      [
        `comparisons of one context, newest ${CONTEXT_HISTORY_LIMIT}`,
        `SELECT id, title, created_at, status FROM comparison WHERE context_digest = $1 ORDER BY created_at DESC LIMIT ${CONTEXT_HISTORY_LIMIT}`,
        [digest],
      ],
      ["newest 100 comparisons", "SELECT id, title, status, created_at, finished_at, source, strategies FROM comparison ORDER BY created_at DESC LIMIT 100", []],
    ];
    const rows: string[][] = [];
    for (const [name, sql, values] of queries) {
      const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, values);
      const lines = result.rows.map((row) => row["QUERY PLAN"]);
      const time = lines.find((line) => line.startsWith("Execution Time"))?.replace("Execution Time: ", "") ?? "?";
      const plan = lines
        .map((line) => line.trim().replace(/^->\s+/, "").replace(/\s*\(actual.*\)$/, "").replace(/'[^']*'::text/g, "$$1"))
        .filter((line) => !/^(Planning|Execution) Time|^Buffers|^Index Searches|^Sort (Key|Method)|^Planning:/.test(line))
        .join(" → ");
      rows.push([name, `\`${plan}\``, time]);
    }
    return rows;
  } finally {
    await client.end();
  }
}
