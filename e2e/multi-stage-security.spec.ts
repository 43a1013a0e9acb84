import { expect, test, type Page } from "@playwright/test";
import { E2E_DATABASE_URL } from "./e2e-settings";
import { readStoredEvidence, type EvidenceRun } from "./read-stored-evidence";

// The multi-stage sample goes through the form with the host socket (BuildKit), Docker-in-Docker
// and Kaniko in a Docker container. The page must show all three in one chart, and the security
// matrix with each strategy's Pod Security Standards level as PostgreSQL stores it. Then a share
// link opens the same sections read-only, until it is revoked.

const CHOICES = [
  { strategy: "socket", label: "Host Docker socket", modeLabel: "BuildKit", key: "socket/buildkit" },
  { strategy: "dind", label: "Docker-in-Docker", modeLabel: "New data volume per run", key: "dind/cold" },
  { strategy: "kaniko", label: "Kaniko", modeLabel: "Docker container", key: "kaniko/docker" },
];

const SEVERITIES = ["critical", "high", "medium", "low", "info"];

function column(strategy: string) {
  return `[data-testid="security-column"][data-strategy="${strategy}"]`;
}

async function expectSecurityMatches(page: Page, runs: EvidenceRun[]): Promise<void> {
  await expect(page.getByTestId("security-column")).toHaveCount(CHOICES.length);
  for (const choice of CHOICES) {
    const run = runs.find((candidate) => candidate.strategy === choice.strategy);
    expect(run?.posture, `posture of ${choice.key}`).toBeTruthy();
    const level = run!.posture!.pssLevel;
    expect(["privileged", "baseline", "restricted"], `level of ${choice.key}`).toContain(level);

    await expect(page.locator(`${column(choice.strategy)} [data-testid="column-pss-level"]`), choice.key).toHaveAttribute("data-level", level!);
    const card = page.locator(`[data-testid="posture-card"][data-strategy="${choice.strategy}"]`);
    await expect(card.getByTestId("pss-level"), choice.key).toHaveAttribute("data-level", level!);
    await expect(card.getByTestId("posture-summary"), choice.key).toHaveText(run!.posture!.summary);
    await expect(card.getByTestId("root-daemon"), choice.key).toHaveAttribute("data-value", String(run!.posture!.rootDaemonInvolved));
    await expect(card.getByTestId("host-takeover"), choice.key).toHaveAttribute("data-value", String(run!.posture!.hostTakeoverFromDockerfile));

    const failed = run!.findings.filter((finding) => !finding.passed);
    const cost = page.locator(`[data-testid="speed-cost"][data-strategy="${choice.strategy}"]`);
    await expect(cost.getByTestId("pss-level"), choice.key).toHaveAttribute("data-level", level!);
    await expect(cost.getByTestId("speed-cost-failed"), choice.key).toHaveAttribute("data-critical", String(failed.filter((finding) => finding.severity === "critical").length));
    await expect(cost.getByTestId("speed-cost-failed"), choice.key).toHaveAttribute("data-high", String(failed.filter((finding) => finding.severity === "high").length));
  }

  // One row per control, and the first row is the worst failure of any strategy.
  const findings = runs.flatMap((run) => run.findings);
  await expect(page.getByTestId("security-row")).toHaveCount(new Set(findings.map((finding) => finding.control)).size);
  const worst = SEVERITIES.find((severity) => findings.some((finding) => !finding.passed && finding.severity === severity));
  await expect(page.getByTestId("security-row").first()).toHaveAttribute("data-worst", worst ?? "passed");
}

test("multi-stage through three strategies", async ({ page, context }, testInfo) => {
  await page.goto("/");
  await page.getByTestId("sample-multi-stage").getByRole("radio").check();
  for (const choice of CHOICES) {
    const picker = page.getByTestId(`strategy-${choice.strategy}`);
    await expect(picker).toHaveAttribute("data-available", "true");
    await picker.getByRole("checkbox", { name: choice.label }).check();
    await picker.getByRole("radio", { name: choice.modeLabel }).check();
  }

  await page.getByRole("button", { name: "Run" }).click();
  await page.waitForURL(/\/comparisons\/[0-9a-f-]{36}$/);
  const comparisonId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByTestId("comparison-status")).toHaveAttribute("data-status", "succeeded", { timeout: 8 * 60_000 });

  const runs = await readStoredEvidence(E2E_DATABASE_URL, comparisonId);
  expect(runs.map((run) => `${run.strategy}/${run.mode}`)).toEqual(CHOICES.map((choice) => choice.key));
  expect(runs.every((run) => run.status === "succeeded")).toBe(true);

  // All three in one chart: the timing chart, and the median chart of the statistics section.
  for (const chart of ["phase-chart", "phase-median-chart"]) {
    const svg = page.getByTestId(chart).locator("svg.recharts-surface");
    await expect(svg, chart).toHaveCount(1);
    for (const choice of CHOICES) await expect(svg, `${chart} ${choice.key}`).toContainText(choice.key);
  }
  await expect(page.getByTestId("cold-warm-chart").getByRole("img")).toHaveAttribute("aria-label", /Host Docker socket \(BuildKit\).*Docker-in-Docker.*Kaniko/);

  await expectSecurityMatches(page, runs);

  // A failed cell opens its evidence, as stored.
  const failedCell = page.locator('[data-testid="security-cell"][data-state="failed"]').first();
  await expect(failedCell).toBeVisible();
  const control = await failedCell.locator("xpath=ancestor::tr").getAttribute("data-control");
  const strategy = await failedCell.getAttribute("data-strategy");
  await failedCell.getByRole("button").click();
  await expect(failedCell.getByRole("button")).toHaveAttribute("aria-expanded", "true");
  const details = page.getByTestId("security-details");
  await expect(details).toBeVisible();
  const stored = runs.find((run) => run.strategy === strategy)!.findings.filter((finding) => finding.control === control);
  expect(stored.length).toBeGreaterThan(0);
  const fields = stored.flatMap((finding) => (Array.isArray(finding.evidence) ? finding.evidence : [finding.evidence]).map((item) => (item as { field: string }).field));
  await expect(details.getByTestId("evidence-field")).toHaveCount(fields.length);
  expect((await details.getByTestId("evidence-field").allTextContents()).sort()).toEqual([...fields].sort());

  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(page.getByTestId("security-matrix")).toBeVisible();
    const screenshot = testInfo.outputPath(`security-${width}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach(`result page at ${width} px`, { path: screenshot, contentType: "image/png" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${width} px`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // A share link shows the same sections read-only, through the share link's own routes.
  await page.getByRole("button", { name: "Create share link" }).click();
  const link = page.getByTestId("share-link");
  await expect(link).toHaveValue(/\/share\/[A-Za-z0-9_-]{43}$/);
  const shareUrl = await link.inputValue();
  const token = shareUrl.split("/").pop()!;

  const shared = await context.newPage();
  await shared.goto(shareUrl);
  await expect(shared.getByTestId("comparison-status")).toHaveAttribute("data-status", "succeeded");
  await expectSecurityMatches(shared, runs);
  await expect(shared.getByTestId("export-csv")).toHaveAttribute("href", `/api/share/${token}/export?format=csv`);
  await expect(shared.getByRole("button", { name: "Create share link" })).toHaveCount(0);
  await expect(shared.getByRole("button", { name: "Revoke share link" })).toHaveCount(0);
  await expect(shared.getByTestId("chart-history")).toHaveCount(0);
  const rawLog = shared.locator(`[data-testid="run-card"][data-run-id="${runs[0].id}"] [data-testid="raw-log"]`);
  await rawLog.locator("summary").click();
  await expect(rawLog.locator("pre")).not.toHaveText("");
  await expect(rawLog.getByRole("link", { name: "Open as plain text" })).toHaveAttribute("href", `/api/share/${token}/runs/${runs[0].id}/log`);

  await page.getByRole("button", { name: "Revoke share link" }).click();
  await expect(page.getByTestId("share-revoked")).toContainText("was revoked");
  const revoked = await shared.goto(shareUrl);
  expect(revoked?.status()).toBe(404);
});
