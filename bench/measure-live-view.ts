import { setTimeout as sleep } from "node:timers/promises";
import { quantile } from "d3-array";
import pg from "pg";
import { chromium, type Page } from "@playwright/test";
import { summarize } from "@/lib/stats/summarize";
import { formatMiB, formatMs, formatTable } from "./format-table";
import { installLiveViewProbe, type LiveViewProbe } from "./live-view-probe";
import { readProcessRss } from "./read-process-memory";
import type { SectionResult, TargetCheck } from "./section-result";

export interface LiveViewOptions {
  baseUrl: string;
  databaseUrl: string;
  /** PID of the `next start` process, whose memory is sampled. */
  serverPid: number;
  lines: number;
  log: (line: string) => void;
}

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const RSS_SAMPLE_MS = 100;
const PRINT_DELAY_SECONDS = 5;
const CLICK_INTERVAL_MS = 500;
const BUILD_TIMEOUT_MS = 5 * 60_000;
// Interaction to Next Paint counts 200 ms or less as good (web.dev), so a task or an input that takes
// longer is one a person notices as a stall.
const MAX_RESPONSIVE_MS = 200;

interface MemorySample {
  at: number;
  rss: number;
}

/**
 * Submits twice a comparison whose only build prints `lines` numbered log lines (a busybox RUN
 * loop, classic builder), the second time with its page open in Chromium. Records the server's
 * RSS throughout. On the page it records when each line arrived compared with when the build
 * printed it, long tasks, frame gaps and the latency of clicks sent while the log streams.
 */
export async function measureLiveView(options: LiveViewOptions): Promise<SectionResult> {
  const memory: MemorySample[] = [];
  const sampler = setInterval(() => {
    const rss = readProcessRss(options.serverPid);
    if (rss !== undefined) memory.push({ at: Date.now(), rss });
  }, RSS_SAMPLE_MS);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // First the build alone from the server's resting memory, which gives the memory of recording
    // the log. Then the same build watched by the page.
    await sleep(2000);
    const unwatchedAt = Date.now();
    const unwatchedId = await submitComparison(options.baseUrl, options.lines);
    await waitForEnd(options.baseUrl, unwatchedId);
    await sleep(1000);
    const unwatched = await readStoredRun(options.databaseUrl, unwatchedId);
    options.log(`[live] the build with no page open ended`);

    const submittedAt = Date.now();
    const comparisonId = await submitComparison(options.baseUrl, options.lines);
    options.log(`[live] submitted comparison ${comparisonId}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // tsx compiles with esbuild's keepNames, which wraps functions in a __name helper the page lacks.
    await page.addInitScript({ content: `(() => { const __name = (target) => target; (${installLiveViewProbe.toString()})(); })();` });
    await page.goto(`${options.baseUrl}/comparisons/${comparisonId}`);

    const clicks = await clickWhileStreaming(page, options);
    const probe = await page.evaluate(() => (window as unknown as { __bench: LiveViewProbe }).__bench);
    await sleep(1000);
    clearInterval(sampler);
    const stored = await readStoredRun(options.databaseUrl, comparisonId);

    return describeResults({ probe, clicks, memory, submittedAt, stored, unwatchedAt, unwatched, browserVersion: browser.version() }, options);
  } finally {
    clearInterval(sampler);
    await browser.close();
  }
}

async function submitComparison(baseUrl: string, lines: number): Promise<string> {
  const form = new FormData();
  form.set("title", `Benchmark: ${lines} log lines`);
  form.set("dockerfile", [
    "FROM localhost:5000/buildlab/busybox:lab",
    // The pause gives the page time to load and open its event stream before the first line.
    `RUN sleep ${PRINT_DELAY_SECONDS} && i=1 && while [ $i -le ${lines} ]; do echo "line $i of ${lines}"; i=$((i+1)); done`,
    "",
  ].join("\n"));
  // BuildKit in Engine 20.10 clips a step's output past 200 KiB/s, so only the classic builder passes every line.
  form.set("strategies", JSON.stringify([{ strategy: "socket", mode: "classic" }]));
  form.set("scenarios", JSON.stringify(["cold"]));
  form.set("iterations", "1");

  const response = await fetch(`${baseUrl}/api/comparisons`, { method: "POST", body: form });
  const body = (await response.json()) as { id?: string; error?: { message: string } };
  if (response.status !== 201 || !body.id) throw new Error(`submitting the live-view comparison failed with ${response.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body.id;
}

async function waitForEnd(baseUrl: string, comparisonId: string): Promise<void> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/comparisons/${comparisonId}`);
    const { status } = (await response.json()) as { status: string };
    if (["succeeded", "failed", "cancelled"].includes(status)) return;
    await sleep(RSS_SAMPLE_MS * 5);
  }
  throw new Error(`comparison ${comparisonId} did not end within ${BUILD_TIMEOUT_MS / 1000} s`);
}

interface ClickTimes {
  /** Time for Chromium to take each click, from Playwright's call to its reply, in milliseconds. */
  roundTrips: number[];
}

// Clicks the log's pause button every CLICK_INTERVAL_MS until the stream ends, an even number of
// times so that auto-scroll is on again at the end. page.mouse.click returns once the page has
// handled the input, so its round trip grows when the main thread is busy.
async function clickWhileStreaming(page: Page, options: LiveViewOptions): Promise<ClickTimes> {
  const button = page.getByRole("button", { name: /auto-scroll/ });
  await button.waitFor({ timeout: 60_000 });
  const box = (await button.boundingBox())!;
  const roundTrips: number[] = [];
  const deadline = Date.now() + BUILD_TIMEOUT_MS;

  let reportedAt = Date.now();
  for (;;) {
    const state = await page.evaluate(() => {
      const probe = (window as unknown as { __bench: LiveViewProbe }).__bench;
      return { ended: probe.endedAt !== null || probe.finalViewAt !== null, lines: probe.numberedLines };
    });
    if (state.ended && roundTrips.length % 2 === 0) break;
    if (Date.now() > deadline) throw new Error(`the live-view stream did not end within ${BUILD_TIMEOUT_MS / 1000} s; ${state.lines} of ${options.lines} lines had arrived`);
    if (Date.now() - reportedAt > 10_000) {
      options.log(`[live] ${state.lines} of ${options.lines} lines on the page so far`);
      reportedAt = Date.now();
    }

    const started = performance.now();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    roundTrips.push(performance.now() - started);
    await page.waitForTimeout(CLICK_INTERVAL_MS);
  }
  options.log(`[live] stream ended after ${roundTrips.length} probe clicks`);
  return { roundTrips };
}

interface StoredRun {
  status: string;
  lines: number;
  logBytes: number;
  truncated: boolean;
  startedAt: Date;
  finishedAt: Date;
}

async function readStoredRun(url: string, comparisonId: string): Promise<StoredRun> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; lines: string; log_bytes: number; log_truncated: boolean; started_at: Date; finished_at: Date }>(
      `SELECT r.status, r.log_bytes, r.log_truncated, r.started_at, r.finished_at, (SELECT count(*) FROM log_line l WHERE l.run_id = r.id) AS lines
       FROM run r WHERE r.comparison_id = $1`,
      [comparisonId],
    );
    const run = rows[0];
    return { status: run.status, lines: Number(run.lines), logBytes: run.log_bytes, truncated: run.log_truncated, startedAt: run.started_at, finishedAt: run.finished_at };
  } finally {
    await client.end();
  }
}

interface LiveViewRecord {
  probe: LiveViewProbe;
  clicks: ClickTimes;
  memory: MemorySample[];
  submittedAt: number;
  stored: StoredRun;
  /** When the first build, watched by no page, was submitted. */
  unwatchedAt: number;
  unwatched: StoredRun;
  browserVersion: string;
}

function describeMemory(memory: MemorySample[], from: number, to: number): { before: number; peak: number; after: number } {
  const before = memory.filter((sample) => sample.at < from && sample.at >= from - 1000).map((sample) => sample.rss);
  const span = memory.filter((sample) => sample.at >= from && sample.at < to).map((sample) => sample.rss);
  return {
    before: before.length ? summarize(before).median : span[0],
    peak: Math.max(...span),
    after: span.at(-1)!,
  };
}

function describeResults(record: LiveViewRecord, options: LiveViewOptions): SectionResult {
  const { probe, clicks, memory, submittedAt, stored, unwatchedAt, unwatched } = record;
  // The page leaves its live view, and closes the stream, at the first of the two.
  const endedAt = Math.min(probe.endedAt ?? Infinity, probe.finalViewAt ?? Infinity);
  if (probe.openedAt === null || !Number.isFinite(endedAt)) throw new Error("the live view's event stream never opened or never ended");

  // Performance times of the page are milliseconds since its time origin.
  const streamStart = probe.openedAt - probe.timeOrigin;
  const streamEnd = endedAt - probe.timeOrigin;
  const during = <T extends { start: number }>(entries: T[]) => entries.filter((entry) => entry.start >= streamStart && entry.start <= streamEnd);
  const longTasks = during(probe.longTasks);
  const longestTask = Math.max(0, ...longTasks.map((task) => task.duration));
  const blocking = longTasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
  const longestGap = Math.max(0, ...during(probe.frameGaps).map((gap) => gap.gap));
  const clickEvents = during(probe.inputEvents).filter((event) => event.name === "click" || event.name === "pointerup" || event.name === "pointerdown");
  const slowestInput = Math.max(0, ...clickEvents.map((event) => event.duration));
  const latency = summarize(probe.lineLatencies.length ? probe.lineLatencies : [0]);
  const roundTrip = summarize(clicks.roundTrips);

  const alone = describeMemory(memory, unwatchedAt, submittedAt);
  const watched = describeMemory(memory, submittedAt, Infinity);
  const firstArrival = probe.logEvents[0]?.arrivedAt ?? endedAt;
  const lastArrival = probe.logEvents.at(-1)?.arrivedAt ?? endedAt;

  const figures = [
    formatTable(
      ["Measure", "value"],
      [
        ["Build run (stored start to finish)", formatMs(stored.finishedAt.getTime() - stored.startedAt.getTime())],
        ["Log lines stored for the run / numbered lines that reached the page", `${stored.lines.toLocaleString("en-US")} / ${probe.numberedLines.toLocaleString("en-US")} of ${options.lines.toLocaleString("en-US")} (largest number ${probe.largestLineNumber.toLocaleString("en-US")})`],
        ["Stored log size, truncated", `${formatMiB(stored.logBytes)}, ${stored.truncated ? "yes" : "no"}`],
        ["`log` events received", String(probe.logEvents.length)],
        ["From submission to the first log event on the page", formatMs(firstArrival - submittedAt)],
        ["From the first to the last log event on the page", formatMs(lastArrival - firstArrival)],
        ["From the run's stored finish to the page leaving its live view", formatMs(endedAt - stored.finishedAt.getTime())],
        ["`end` event received", probe.endedAt === null ? "no: the page closed the stream on the final `comparison` event" : "yes"],
      ],
    ),
    "",
    "Delay from the build printing a line (the time the socket strategy stamped on it) to the page receiving it, over every line printed after the stream opened:",
    "",
    formatTable(["n", "median", "p95", "min", "max", "IQR"], [[
      latency.n.toLocaleString("en-US"), formatMs(latency.median), formatMs(quantile(probe.lineLatencies, 0.95) ?? 0), formatMs(latency.min), formatMs(latency.max), formatMs(latency.iqr),
    ]]),
    "",
    "The page while the log streamed (from the stream opening until the page left its live view):",
    "",
    formatTable(
      ["Measure", "value"],
      [
        ["Long tasks (over 50 ms) on the main thread", String(longTasks.length)],
        ["Longest task", formatMs(longestTask)],
        ["Total blocking time (sum of each long task's time past 50 ms)", formatMs(blocking)],
        ["Longest gap between animation frames", formatMs(longestGap)],
        [`Probe clicks on "Pause auto-scroll" (one every ${CLICK_INTERVAL_MS} ms)`, String(clicks.roundTrips.length)],
        ["Slowest click, pointerdown or pointerup, input to next paint (Event Timing; entries start at 16 ms)", clickEvents.length ? formatMs(slowestInput) : "every one under 16 ms"],
        ["Click round trip from Playwright, median / max", `${formatMs(roundTrip.median)} / ${formatMs(roundTrip.max)}`],
      ],
    ),
    "",
    "Server memory (RSS of the `next-server` process, sampled every 100 ms), first for the build with no page open, then for the same build watched by the page:",
    "",
    formatTable(
      ["Build", "run time", "RSS before (median of the last second)", "peak", "growth at the peak", "RSS one second after"],
      [
        ["1. no page open", formatMs(unwatched.finishedAt.getTime() - unwatched.startedAt.getTime()), formatMiB(alone.before), formatMiB(alone.peak), formatMiB(alone.peak - alone.before), formatMiB(alone.after)],
        ["2. watched by the page", formatMs(stored.finishedAt.getTime() - stored.startedAt.getTime()), formatMiB(watched.before), formatMiB(watched.peak), formatMiB(watched.peak - watched.before), formatMiB(watched.after)],
      ],
    ),
  ].join("\n");

  const everyLine = probe.numberedLines === options.lines && probe.largestLineNumber === options.lines;
  const targets: TargetCheck[] = [
    { target: `Every one of the ${options.lines.toLocaleString("en-US")} lines reaches the page (a check this benchmark adds)`, measured: `${probe.numberedLines.toLocaleString("en-US")} arrived`, met: everyLine },
    { target: `No main-thread task longer than ${MAX_RESPONSIVE_MS} ms while the log streams`, measured: `longest ${formatMs(longestTask)}`, met: longestTask <= MAX_RESPONSIVE_MS },
    { target: `Clicks while the log streams are painted within ${MAX_RESPONSIVE_MS} ms`, measured: clickEvents.length ? `slowest ${formatMs(slowestInput)}` : "all under 16 ms", met: slowestInput <= MAX_RESPONSIVE_MS },
  ];

  const method = [
    `A fresh start of the server of section 3, on the same database, with \`BUILDLAB_CONCURRENCY_SOCKET=1\`, the other strategies off and \`BUILDLAB_PUSH=false\`.`,
    `The benchmark submits a comparison through \`POST /api/comparisons\`: a pasted Dockerfile whose one \`RUN\` sleeps ${PRINT_DELAY_SECONDS} s and then runs a busybox loop printing "line N of ${options.lines}" ${options.lines.toLocaleString("en-US")} times, socket strategy, classic builder, scenario cold.`,
    "It runs that comparison twice: first with no page open, polling its status, which gives the memory of recording the log from the server's resting state; then watched by the page.",
    "The check that every line reaches the page can fail by a race in the page, not in the count: the SSE route sends the `comparison` event with the ended status before the log lines stored since its previous poll, and the page closes its EventSource once it renders that status, so a busy page can drop the last lines and the `end` event.",
    "The classic builder, because BuildKit in Engine 20.10 clips a step's output past 200 KiB/s (\"[output clipped, log limit 200KiB/s reached]\"), so most lines would never reach Buildlab.",
    `Chromium (\`${CHROMIUM}\`, ${CHROMIUM_ARGS.join(" ")}) driven by Playwright opens the second comparison's page right after its submission, and the pause before the loop lets the page open its event stream before the first line. A script added before the page's own (\`bench/live-view-probe.ts\`) wraps EventSource to time every \`log\` event and compare each line's arrival with the time the socket strategy stamped on it, and records long tasks (PerformanceObserver \`longtask\`), gaps between animation frames and Event Timing entries.`,
    `While the log streams Playwright clicks the log's "Pause auto-scroll" button every ${CLICK_INTERVAL_MS} ms, an even number of times. The server's RSS is read from \`/proc/<pid>/status\` every ${RSS_SAMPLE_MS} ms. The target of ${MAX_RESPONSIVE_MS} ms is the bound that Interaction to Next Paint counts as good.`,
  ].join(" ");

  const receiveSeconds = (lastArrival - firstArrival) / 1000;
  const printSpan = (probe.lastPrintedAt ?? 0) - (probe.firstPrintedAt ?? 0);
  const lost = options.lines - probe.numberedLines;
  const lostParagraph = probe.endedAt === null
    ? [`In this run the page ${lost > 0 ? `missed the last ${lost.toLocaleString("en-US")} lines and the \`end\` event` : "received every line but missed the `end` event"}. The SSE route sends the \`comparison\` event with the ended status before the log lines stored since its last poll, and the page closes its EventSource as soon as it renders that status, so what follows in the same poll can be dropped. The page then shows the stored result, so a person sees no gap, but the live log's tail and the reload that \`end\` triggers are lost. Sending the log lines before the \`comparison\` event, or keeping the stream open until \`end\`, would fix it.`]
    : [];
  const analysis = [
    ...lostParagraph,
    [
      `The build printed the numbered lines within ${formatMs(printSpan)} (by the times the socket strategy stamped on them), and the page received them over ${formatMs(lastArrival - firstArrival)}, about ${Math.round(probe.numberedLines / Math.max(receiveSeconds, 0.001)).toLocaleString("en-US")} lines a second. So most of the delay from print to page (median ${formatMs(latency.median)}) is lines waiting on the server.`,
      "Each line goes from the socket strategy to `createRunRecorder`, which stores batches of 500 lines one after another (a Prisma `createMany` and a `run` update per batch); the SSE route polls PostgreSQL every 500 ms and also reloads the whole comparison view each time.",
      "A build that prints faster than PostgreSQL stores queues its batches in the server's memory, which is the likely source of the growth of the first build, with no page open; the log cap (BUILDLAB_LOG_MAX_BYTES, 2 MiB) bounds it, but a log of very short lines holds many more line objects per MiB.",
      watched.peak > alone.peak * 1.1
        ? `The second build, watched by the page, raised the peak again, from ${formatMiB(alone.peak)} to ${formatMiB(watched.peak)}, so two builds in a row do not show the RSS settling; a longer series of builds would tell whether it levels off.`
        : `The second build, watched by the page, peaked at ${formatMiB(watched.peak)}, no more than a tenth above the first build's ${formatMiB(alone.peak)}, so it reused the memory the first one took.`,
      "Changes likely to help, not measured here: store larger batches when lines queue up (or insert them with one `unnest`/COPY statement through `pg` instead of `createMany`), and hand new lines to open event streams in the same process instead of through a database poll.",
      `On the page, each \`log\` event makes React render the whole kept window again (up to 3,000 lines in \`LogViewer\`) and read \`scrollHeight\`, which by reading the code is the likely source of the long tasks. Rendering only the visible rows (a virtualized list) or appending rows outside React would keep each event's work small.`,
    ].join(" "),
  ].join("\n\n");

  return { title: "4. Live view", method, figures, targets, analysis, environment: { Chromium: record.browserVersion } };
}

