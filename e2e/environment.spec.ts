import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test, type Page } from "@playwright/test";
import { E2E_PORT } from "./e2e-settings";

// The environment page with the lab up, on the dashboard that playwright.config.ts starts. Then with
// the backends down, on a second `next start` of the same build, which this file starts with
// DOCKER_HOST on a socket that does not exist and BUILDLAB_REGISTRY on a closed port. The second
// server gets no DATABASE_URL, so it starts no job queue worker, and the environment page needs no database.

const DOWN_PORT = E2E_PORT + 1;
const SERVER_START_ATTEMPTS = 240;

function card(page: Page, id: string) {
  return page.locator(`[data-testid="environment-check"][data-check="${id}"]`);
}

/** Returns a port on 127.0.0.1 that nothing listens on, by binding one and closing it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test.describe("environment page with the lab up", () => {
  test("shows every check with the lab's parts ok", async ({ page }) => {
    await page.goto("/environment");

    await expect(page.getByRole("heading", { level: 1, name: "Environment" })).toBeVisible();
    await expect(page.getByTestId("environment-check")).toHaveCount(6);
    for (const id of ["docker-engine", "kaniko-image", "dind-image", "registry"]) {
      await expect(card(page, id), id).toHaveAttribute("data-status", "ok");
      await expect(card(page, id).getByTestId("check-fix"), id).toHaveCount(0);
    }
    await expect(card(page, "docker-engine").getByRole("heading", { name: "Docker Engine" })).toBeVisible();
    await expect(card(page, "docker-engine")).toContainText("API version");
    await expect(card(page, "registry")).toContainText("http://127.0.0.1:5000/v2/");
  });

  test("shows a fix for privileged mode when the host rejects it", async ({ page }) => {
    await page.goto("/environment");
    const privileged = card(page, "privileged-mode");

    const status = await privileged.getAttribute("data-status");
    expect(["ok", "warning"]).toContain(status);
    if (status === "warning") {
      await expect(privileged.getByTestId("check-fix")).toBeVisible();
      await expect(privileged.getByTestId("check-summary")).toContainText("privileged");
    }
  });

  test("returns the same checks from the API", async ({ page, request }) => {
    await page.goto("/environment");
    const response = await request.get("/api/environment");
    expect(response.status()).toBe(200);
    const report = (await response.json()) as { checks: { id: string; status: string }[] };

    expect(report.checks.map((check) => check.id)).toEqual(["docker-engine", "privileged-mode", "kaniko-image", "dind-image", "registry", "kubernetes"]);
    for (const check of report.checks.filter((entry) => entry.id !== "privileged-mode")) {
      await expect(card(page, check.id), check.id).toHaveAttribute("data-status", check.status);
    }
  });
});

test.describe("environment page with backends down", () => {
  let server: ChildProcess | undefined;
  let serverLog = "";
  let registryPort = 0;

  test.beforeAll(async () => {
    registryPort = await closedPort();
    const root = fileURLToPath(new URL("..", import.meta.url));
    const { DATABASE_URL: _database, ...environment } = process.env;
    server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "--hostname", "127.0.0.1", "--port", String(DOWN_PORT)], {
      cwd: root,
      env: { ...environment, DOCKER_HOST: "unix:///nonexistent.sock", BUILDLAB_REGISTRY: `127.0.0.1:${registryPort}`, KUBECONFIG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));
    server.stderr?.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));

    for (let attempt = 0; attempt < SERVER_START_ATTEMPTS; attempt += 1) {
      if (server.exitCode !== null) throw new Error(`the second dashboard exited with ${server.exitCode}:\n${serverLog}`);
      const ready = await fetch(`http://127.0.0.1:${DOWN_PORT}/environment`).then((response) => response.ok, () => false);
      if (ready) return;
      await sleep(500);
    }
    throw new Error(`the second dashboard did not respond on 127.0.0.1:${DOWN_PORT}:\n${serverLog}`);
  });

  test.afterAll(async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  });

  test("shows the engine unreachable with the fix", async ({ page }) => {
    await page.goto(`http://127.0.0.1:${DOWN_PORT}/environment`);
    const engine = card(page, "docker-engine");

    await expect(engine).toHaveAttribute("data-status", "unreachable");
    await expect(engine.getByTestId("check-summary")).toContainText("unix:///nonexistent.sock");
    await expect(engine.getByTestId("check-fix-command")).toHaveText("sudo bash scripts/lab.sh");
    for (const id of ["privileged-mode", "kaniko-image", "dind-image"]) {
      await expect(card(page, id), id).toHaveAttribute("data-status", "unreachable");
      await expect(card(page, id).getByTestId("check-summary"), id).toHaveText("Not checked, because the Docker Engine does not respond.");
    }
  });

  test("shows the registry unreachable", async ({ page }) => {
    await page.goto(`http://127.0.0.1:${DOWN_PORT}/environment`);
    const registry = card(page, "registry");

    await expect(registry).toHaveAttribute("data-status", "unreachable");
    await expect(registry.getByTestId("check-summary")).toContainText(`127.0.0.1:${registryPort}`);
    await expect(registry.getByTestId("check-fix")).toContainText("BUILDLAB_REGISTRY");
    await expect(page.getByTestId("environment-summary")).toContainText("unreachable");
  });
});
