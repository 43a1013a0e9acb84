import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "../../env";
import { compareTimestamps, createKubernetesRunner } from "./create-kubernetes-runner";
import { readKanikoSettings } from "./kaniko-settings";

/** Parses settings from these variables alone, without the process environment. */
const envWith = (values: Record<string, string>) => getEnv(values as NodeJS.ProcessEnv);

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "kaniko-kubeconfig-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Returns a port on 127.0.0.1 that nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("createKubernetesRunner availability", () => {
  it("reports a kubeconfig that cannot be read", async () => {
    const runner = createKubernetesRunner(readKanikoSettings(envWith({ KUBECONFIG: path.join(folder, "missing.yaml") })));

    const availability = await runner.checkAvailability();

    expect(availability.available).toBe(false);
    expect(availability.available ? "" : availability.reason).toContain("could not be read");
    expect(availability.available ? "" : availability.fix).toContain("KUBECONFIG");
  });

  it("reports an API server that does not answer", async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const kubeconfig = path.join(folder, "closed.yaml");
    await writeFile(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: c, cluster: {server: '" + server + "', insecure-skip-tls-verify: true}}]",
        "users: [{name: u, user: {token: t}}]",
        "contexts: [{name: x, context: {cluster: c, user: u}}]",
        "current-context: x",
      ].join("\n"),
    );
    const runner = createKubernetesRunner(readKanikoSettings(envWith({ KUBECONFIG: kubeconfig })));

    const availability = await runner.checkAvailability();

    expect(availability.available).toBe(false);
    expect(availability.available ? "" : availability.reason).toContain(`The Kubernetes API server at ${server} is not reachable`);
    expect(availability.available ? "" : availability.fix).toContain("Start the cluster");
  });

  it("reports a kubeconfig without a current context", async () => {
    const kubeconfig = path.join(folder, "empty.yaml");
    await writeFile(kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n");
    const runner = createKubernetesRunner(readKanikoSettings(envWith({ KUBECONFIG: kubeconfig })));

    const availability = await runner.checkAvailability();

    expect(availability.available ? "" : availability.reason).toContain("has no current context");
  });
});

describe("compareTimestamps", () => {
  it.each([
    ["2026-12-04T20:17:18.5Z", "2026-12-04T20:17:18.49Z", 1],
    ["2026-12-04T20:17:18.5Z", "2026-12-04T20:17:18.50001Z", -1],
    ["2026-12-04T20:17:18Z", "2026-12-04T20:17:18.000000000Z", 0],
    ["2026-12-04T20:17:19Z", "2026-12-04T20:17:18.999999999Z", 1],
  ])("orders %s against %s", (left, right, sign) => {
    expect(Math.sign(compareTimestamps(left, right))).toBe(sign);
  });
});
