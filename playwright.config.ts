import { defineConfig, devices } from "@playwright/test";
import { E2E_DATA_DIR, E2E_DATABASE_PORT, E2E_PORT } from "./e2e/e2e-settings";

// Browser tests drive Debian's Chromium against the dashboard as scripts/start.sh serves it, with
// real builds on the local Docker Engine and a real PostgreSQL. Browsers cannot be downloaded on
// the lab machines, so Playwright's own browser builds are not used.
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // A spec may run several real builds one after another.
  timeout: 10 * 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 900 },
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        },
      },
    },
  ],
  webServer: {
    command: "bash scripts/start.sh",
    url: `http://127.0.0.1:${E2E_PORT}`,
    env: {
      PORT: String(E2E_PORT),
      BUILDLAB_DATA_DIR: E2E_DATA_DIR,
      BUILDLAB_DB_PORT: String(E2E_DATABASE_PORT),
      // scripts/test.sh sets up the lab before the browser tests, so start.sh skips it unless asked.
      BUILDLAB_LAB: process.env.BUILDLAB_LAB ?? "0",
      // Start-up cleanup removes only this database's runs, so a container another suite left stays
      // for scripts/check-leftovers.ts to report instead of vanishing here.
      BUILDLAB_LEFTOVER_SCOPE: "known-runs",
    },
    reuseExistingServer: false,
    // The first start installs the npm packages and runs `next build`.
    timeout: 20 * 60_000,
    // SIGTERM lets scripts/serve.ts stop the embedded PostgreSQL before it exits.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
