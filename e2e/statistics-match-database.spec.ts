import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { E2E_DATABASE_URL } from "./e2e-settings";
import { expectedStatistics, type ExpectedEntry, type RunMeasures } from "./expected-statistics";
import { readStoredEvidence, type EvidenceRun } from "./read-stored-evidence";

// Every available strategy, two iterations each of the cold and warm-same scenarios, submitted
// through the form. Each figure of the statistics tables must equal what this file computes, on
// its own, from the rows PostgreSQL stores and from the CSV export the page links to.

// The mode each strategy runs in here: the lab has a Docker Engine but no Kubernetes cluster, so
// Kaniko runs its executor in a Docker container.
const MODES: Record<string, { label: string; mode: string; modeLabel: string }> = {
  socket: { label: "Host Docker socket", mode: "buildkit", modeLabel: "BuildKit" },
  dind: { label: "Docker-in-Docker", mode: "cold", modeLabel: "New data volume per run" },
  kaniko: { label: "Kaniko", mode: "docker", modeLabel: "Docker container" },
};

const PHASES = ["prepare", "base", "context", "build", "push", "cleanup"];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function measuresFromDatabase(run: EvidenceRun): RunMeasures {
  const measures = new Map<string, number>();
  const unended = new Set<string>();
  for (const phase of run.phases) {
    if (phase.durationMs === null) unended.add(phase.name);
    else measures.set(phase.name, (measures.get(phase.name) ?? 0) + phase.durationMs);
  }
  for (const name of unended) measures.delete(name);
  if (run.totalMs !== null) measures.set("total", run.totalMs);
  return { strategy: run.strategy, mode: run.mode, scenario: run.scenario, succeeded: run.status === "succeeded", measures };
}

/** Turns a CSV cell such as "12.345" into 12345 without floating point, or null for an empty cell. */
function csvMs(cell: string): number | null {
  if (cell === "") return null;
  expect(cell).toMatch(/^\d+\.\d{3}$/);
  return Number(cell.replace(".", ""));
}

function measuresFromCsv(row: Record<string, string>): RunMeasures {
  const measures = new Map<string, number>();
  for (const name of ["total", ...PHASES]) {
    const ms = csvMs(row[`${name}_seconds`]);
    if (ms !== null) measures.set(name, ms);
  }
  return { strategy: row.strategy, mode: row.mode === "" ? null : row.mode, scenario: row.scenario, succeeded: row.status === "succeeded", measures };
}

async function msOf(page: Page, selector: string): Promise<number> {
  const value = await page.locator(selector).getAttribute("data-ms");
  expect(value, selector).not.toBeNull();
  return Number(value);
}

/** Checks every row of the statistics tables against `expected`, which `source` names in messages. */
async function expectTablesShow(page: Page, expected: Map<string, ExpectedEntry[]>, source: string): Promise<void> {
  let rowCount = 0;
  for (const [scenarioMeasure, entries] of expected) {
    const [scenario, measure] = scenarioMeasure.split("|");
    for (const entry of entries) {
      rowCount += 1;
      const row = `[data-testid="stat-row"][data-scenario="${scenario}"][data-measure="${measure}"][data-strategy="${entry.strategy}"][data-mode="${entry.mode ?? ""}"]`;
      const where = `${source}: ${scenario} ${measure} ${entry.strategy}/${entry.mode}`;
      await expect(page.locator(row), where).toHaveCount(1);

      if (entry.summary === null) {
        await expect(page.locator(`${row} [data-testid="stat-median"]`), where).toHaveText("—");
        continue;
      }
      for (const [cell, value] of [
        ["stat-median", entry.summary.median],
        ["stat-min", entry.summary.min],
        ["stat-max", entry.summary.max],
        ["stat-iqr", entry.summary.iqr],
      ] as const) {
        expect(await msOf(page, `${row} [data-testid="${cell}"]`), `${where} ${cell}`).toBeCloseTo(value, 6);
        await expect(page.locator(`${row} [data-testid="${cell}"]`), `${where} ${cell}`).toHaveText(seconds(value));
      }
      await expect(page.locator(`${row} [data-testid="stat-n"]`), where).toHaveAttribute("data-count", String(entry.summary.n));
      const ratio = await page.locator(`${row} [data-testid="stat-ratio"]`).getAttribute("data-ratio");
      if (entry.ratio === null) expect(ratio, `${where} ratio`).toBeNull();
      else expect(Number(ratio), `${where} ratio`).toBeCloseTo(entry.ratio, 9);
    }
  }
  await expect(page.getByTestId("stat-row")).toHaveCount(rowCount);
}

test("statistics match PostgreSQL and the CSV", async ({ page }, testInfo) => {
  await page.goto("/");
  await page.getByTestId("sample-multi-stage").getByRole("radio").check();
  const strategies: { strategy: string; mode: string }[] = [];
  for (const [strategy, choice] of Object.entries(MODES)) {
    const picker = page.getByTestId(`strategy-${strategy}`);
    await expect(picker).toHaveAttribute("data-available", /true|false/);
    if ((await picker.getAttribute("data-available")) !== "true") continue;
    await picker.getByRole("checkbox", { name: choice.label }).check();
    await picker.getByRole("radio", { name: choice.modeLabel }).check();
    strategies.push({ strategy, mode: choice.mode });
  }
  expect(strategies.length, "strategies available in this lab").toBeGreaterThanOrEqual(2);
  await page.getByRole("checkbox", { name: "Warm, no change" }).check();
  await page.getByLabel("Iterations").fill("2");

  await page.getByRole("button", { name: "Run" }).click();
  await page.waitForURL(/\/comparisons\/[0-9a-f-]{36}$/);
  const comparisonId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByTestId("comparison-status")).toHaveAttribute("data-status", "succeeded", { timeout: 8 * 60_000 });
  await expect(page.getByTestId("statistics-section")).toBeVisible();

  const stored = await readStoredEvidence(E2E_DATABASE_URL, comparisonId);
  expect(stored).toHaveLength(strategies.length * 2 * 2);
  expect(stored.every((run) => run.status === "succeeded")).toBe(true);
  expect(new Set(stored.map((run) => run.scenario))).toEqual(new Set(["cold", "warm-same"]));

  // From PostgreSQL.
  const fromDatabase = expectedStatistics(stored.map(measuresFromDatabase), strategies);
  expect([...fromDatabase.keys()]).toContain("cold|total");
  expect([...fromDatabase.keys()]).toContain("warm-same|build");
  await expectTablesShow(page, fromDatabase, "PostgreSQL");

  // The Dockerfile's history lists this comparison with the same cold medians.
  const history = page.getByTestId("history-chart");
  await expect(history).toHaveAttribute("data-scenario", "cold");
  const point = history.locator(`[data-testid="history-point"][data-comparison-id="${comparisonId}"]`);
  await expect(point).toHaveCount(1);
  for (const entry of fromDatabase.get("cold|total")!) {
    const median = await point.locator(`[data-testid="history-median"][data-key="${entry.strategy}/${entry.mode}"]`).getAttribute("data-ms");
    expect(Number(median), `history median of ${entry.strategy}/${entry.mode}`).toBeCloseTo(entry.summary!.median, 6);
  }

  // From the CSV the page's download link gives.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const download = await downloading;
  const rows = parse(await readFile((await download.path())!, "utf8"), { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
  expect(rows).toHaveLength(stored.length);
  for (const run of stored) {
    const row = rows.find((candidate) => candidate.run_id === run.id);
    expect(row, `CSV row of run ${run.id}`).toBeDefined();
    expect(csvMs(row!.total_seconds), `CSV total of run ${run.id}`).toBe(run.totalMs);
    for (const [name, ms] of measuresFromDatabase(run).measures) {
      if (name !== "total") expect(csvMs(row![`${name}_seconds`]), `CSV ${name} of run ${run.id}`).toBe(ms);
    }
  }
  await expectTablesShow(page, expectedStatistics(rows.map(measuresFromCsv), strategies), "CSV");

  // Two runs per strategy are too few to judge a spread, so every measure must carry the warning.
  const measures = page.getByTestId("stat-measure");
  expect(await measures.count()).toBeGreaterThan(0);
  for (const measure of await measures.all()) await expect(measure).toHaveAttribute("data-noisy", "true");
  for (const scenario of ["cold", "warm-same"]) {
    const warning = page.locator(`[data-testid="stat-table"][data-scenario="${scenario}"] [data-testid="noise-warning"]`);
    await expect(warning).toBeVisible();
    await expect(warning.locator('[data-testid="noise-reason"][data-code="few-samples"]').first()).toContainText("2 succeeded runs");
  }

  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(page.getByTestId("statistics-section")).toBeVisible();
    const screenshot = testInfo.outputPath(`statistics-${width}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach(`result page at ${width} px`, { path: screenshot, contentType: "image/png" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${width} px`).toBeLessThanOrEqual(width);
  }
});
