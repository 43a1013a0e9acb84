import { expect, test, type Page } from "@playwright/test";
import { E2E_DATABASE_URL } from "./e2e-settings";
import { readStoredComparison, type StoredRun } from "./read-stored-comparison";

// One comparison through the whole product: the form, a real BuildKit build on the host Docker
// Engine, the live view, the result page and the history, with every figure on the result page
// checked against the rows PostgreSQL stores.

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Sums the stored phase durations by phase name, as the phase chart and its table show them. */
function phaseTotals(run: StoredRun): Map<string, number> {
  const totals = new Map<string, number>();
  for (const phase of run.phases) {
    if (phase.durationMs === null) continue;
    totals.set(phase.name, (totals.get(phase.name) ?? 0) + phase.durationMs);
  }
  return totals;
}

async function expectFiguresMatch(page: Page, run: StoredRun): Promise<void> {
  const chart = page.getByTestId("phase-chart");
  await expect(chart).toBeVisible();
  await expect(chart.locator("svg .recharts-bar-rectangle").first()).toBeVisible();

  // The table under the chart: one cell per phase name with the summed duration.
  const phaseRow = page.locator(`[data-testid="run-phases"][data-run-id="${run.id}"]`);
  await expect(phaseRow).toBeVisible();
  const totals = phaseTotals(run);
  expect(totals.size).toBeGreaterThan(0);
  for (const [name, ms] of totals) {
    const cell = phaseRow.locator(`[data-testid="phase-duration"][data-phase="${name}"]`);
    await expect(cell, `phase ${name}`).toHaveAttribute("data-ms", String(ms));
    await expect(cell, `phase ${name}`).toHaveText(seconds(ms));
  }

  const card = page.locator(`[data-testid="run-card"][data-run-id="${run.id}"]`);
  await expect(card).toBeVisible();

  // The run's own phase list: every stored phase row, in start order.
  const phaseItems = card.getByTestId("run-phase");
  await expect(phaseItems).toHaveCount(run.phases.length);
  for (const [index, phase] of run.phases.entries()) {
    await expect(phaseItems.nth(index), `phase row ${index}`).toHaveAttribute("data-phase", phase.name);
    await expect(phaseItems.nth(index), `phase row ${index}`).toHaveAttribute("data-ms", String(phase.durationMs));
  }

  const stepsTable = card.getByTestId("steps-table");
  await expect(stepsTable).toBeVisible();
  const stepRows = stepsTable.getByTestId("step-row");
  expect(run.steps.length).toBeGreaterThan(0);
  await expect(stepRows).toHaveCount(run.steps.length);
  for (const [index, step] of run.steps.entries()) {
    const row = stepRows.nth(index);
    await expect(row, `step ${step.position}`).toHaveAttribute("data-position", String(step.position));
    await expect(row.getByTestId("step-name"), `step ${step.position}`).toHaveText(step.name);
    await expect(row, `step ${step.position}`).toHaveAttribute("data-cached", String(step.cached));
    const duration = row.getByTestId("step-duration");
    if (step.durationMs === null) {
      await expect(duration, `step ${step.position}`).toHaveText("—");
    } else {
      await expect(duration, `step ${step.position}`).toHaveAttribute("data-ms", String(step.durationMs));
      await expect(duration, `step ${step.position}`).toHaveText(seconds(step.durationMs));
    }
  }

  expect(run.imageSizeBytes).not.toBeNull();
  const size = card.getByTestId("image-size");
  await expect(size).toHaveAttribute("data-bytes", run.imageSizeBytes!);
  await expect(size).toContainText(`${Number(run.imageSizeBytes).toLocaleString("en-US")} bytes`);

  expect(run.layerCount).not.toBeNull();
  await expect(card.getByTestId("image-layers")).toHaveText(String(run.layerCount));
  await expect(card.getByTestId("image-layers")).toHaveAttribute("data-count", String(run.layerCount));

  expect(run.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  await expect(card.getByTestId("image-digest")).toHaveText(run.imageDigest!);
  await expect(card.getByTestId("image-ref")).toHaveText(run.imageRef ?? "—");

  // The raw log, opened, shows exactly what the log endpoint serves.
  const storedLog = await (await page.request.get(`/api/runs/${run.id}/log`)).text();
  expect(storedLog.length).toBeGreaterThan(0);
  const rawLog = card.getByTestId("raw-log");
  await rawLog.locator("summary").click();
  await expect(rawLog.locator("pre")).toHaveText(storedLog, { useInnerText: true });
}

test("python-web on the host socket with BuildKit", async ({ page }, testInfo) => {
  await page.goto("/");
  await page.getByTestId("sample-python-web").getByRole("radio").check();
  const socket = page.getByTestId("strategy-socket");
  await expect(socket).toHaveAttribute("data-available", "true");
  await socket.getByRole("checkbox", { name: "Host Docker socket" }).check();
  await socket.getByRole("radio", { name: "BuildKit" }).check();

  await page.getByRole("button", { name: "Run" }).click();
  await page.waitForURL(/\/comparisons\/[0-9a-f-]{36}$/);
  const comparisonId = new URL(page.url()).pathname.split("/").pop()!;

  // The page opens while the run is queued or building: opening it takes a fraction of a second
  // after the POST, and the build (base image check, pip install, push) takes longer.
  await expect(page.getByTestId("live-run").first()).toBeVisible();
  await expect(page.getByTestId("live-log")).toBeVisible();

  await expect(page.getByTestId("comparison-status")).toHaveAttribute("data-status", "succeeded", { timeout: 8 * 60_000 });

  const stored = await readStoredComparison(E2E_DATABASE_URL, comparisonId);
  expect(stored.status).toBe("succeeded");
  expect(stored.runs).toHaveLength(1);
  const [run] = stored.runs;
  expect(run.strategy).toBe("socket");
  expect(run.mode).toBe("buildkit");
  expect(run.status).toBe("succeeded");

  // The page the live view turned into, and the same page opened afresh from the database.
  await expectFiguresMatch(page, run);
  await page.reload();
  await expect(page.getByTestId("comparison-status")).toHaveAttribute("data-status", "succeeded");
  await expectFiguresMatch(page, run);

  const screenshot = testInfo.outputPath("result-page.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("result page", { path: screenshot, contentType: "image/png" });

  await page.getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/\/history$/);
  const row = page.locator(`[data-testid="history-row"][data-comparison-id="${comparisonId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByText("succeeded")).toBeVisible();
  await row.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/comparisons/${comparisonId}$`));
});
