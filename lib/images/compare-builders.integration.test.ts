import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareImageSummaries } from "./compare-image-summaries";
import { compareRunImages } from "./compare-run-images";
import { readImageSummary } from "./read-image-summary";
import type { ImageSummary } from "./types";

// Builds small Dockerfiles with the real Docker Engine twice, with BuildKit and with the classic
// builder, pushes both to the lab registry and compares what was pushed. Debian's 20.10 client is
// named in full because the client first on PATH has no BuildKit support.
const DOCKER = "/usr/bin/docker";
const REGISTRY_URL = "http://127.0.0.1:5000";
const REGISTRY_HOST = "localhost:5000";
const BASE_IMAGE = `${REGISTRY_HOST}/buildlab/busybox:lab`;
const TEST_REPOSITORY = "buildlab-images-test";
const RUN_SUFFIX = randomBytes(4).toString("hex");

const run = promisify(execFile);

type Builder = "buildkit" | "classic";

interface BuildOutcome {
  ref: string;
  ok: boolean;
  output: string;
}

const createdRefs: string[] = [];
const contextDirs: string[] = [];

async function docker(args: string[], env: Record<string, string> = {}): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(DOCKER, args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? failure.message}` };
  }
}

async function makeContext(files: Record<string, string>, links: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "buildlab-images-"));
  contextDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  for (const [name, target] of Object.entries(links)) await symlink(target, path.join(dir, name));
  return dir;
}

/** Builds `context` with one builder, tags it under the test repository and pushes it. */
async function buildAndPush(name: string, context: string, builder: Builder): Promise<BuildOutcome> {
  const ref = `${REGISTRY_HOST}/${TEST_REPOSITORY}/${name}:${builder}-${RUN_SUFFIX}`;
  const build = await docker(["build", "--network", "none", "--label", `org.buildlab.run=${builder}-${RUN_SUFFIX}`, "-t", ref, context], {
    DOCKER_BUILDKIT: builder === "buildkit" ? "1" : "0",
  });
  if (!build.ok) return { ref, ok: false, output: build.output };

  createdRefs.push(ref);
  const push = await docker(["push", ref]);
  if (!push.ok) throw new Error(`docker push ${ref} failed: ${push.output}`);
  return { ref, ok: true, output: build.output };
}

/** Deletes a tag's manifest from the lab registry (deletion is enabled in its configuration). */
async function deleteFromRegistry(ref: string): Promise<void> {
  const [repository, tag] = ref.slice(REGISTRY_HOST.length + 1).split(":");
  const head = await fetch(`${REGISTRY_URL}/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json" },
  });
  const digest = head.headers.get("docker-content-digest");
  if (!head.ok || !digest) return;
  await fetch(`${REGISTRY_URL}/v2/${repository}/manifests/${digest}`, { method: "DELETE" });
}

async function buildBoth(name: string, context: string): Promise<Record<Builder, BuildOutcome>> {
  return { buildkit: await buildAndPush(name, context, "buildkit"), classic: await buildAndPush(name, context, "classic") };
}

async function summariesOf(outcomes: Record<Builder, BuildOutcome>): Promise<Record<Builder, ImageSummary>> {
  expect(outcomes.buildkit.ok, outcomes.buildkit.output).toBe(true);
  expect(outcomes.classic.ok, outcomes.classic.output).toBe(true);
  return { buildkit: await readImageSummary(outcomes.buildkit.ref), classic: await readImageSummary(outcomes.classic.ref) };
}

beforeAll(async () => {
  const registry = await fetch(`${REGISTRY_URL}/v2/`).catch(() => undefined);
  if (!registry?.ok) throw new Error(`The lab registry at ${REGISTRY_URL} does not answer; start it with scripts/lab.sh.`);
  const base = await docker(["image", "inspect", BASE_IMAGE]);
  if (!base.ok) throw new Error(`The base image ${BASE_IMAGE} is missing from the Docker Engine; make it with scripts/lab.sh.`);
});

afterAll(async () => {
  for (const ref of createdRefs) {
    await deleteFromRegistry(ref);
    await docker(["image", "rm", ref]);
  }
  for (const dir of contextDirs) await rm(dir, { recursive: true, force: true });
});

describe("image equivalence of BuildKit and the classic builder", () => {
  it("reports identical builds as equal", async () => {
    const context = await makeContext(
      {
        Dockerfile: [
          `FROM ${BASE_IMAGE}`,
          // The base image lacks the mount points RUN needs; see the next test for why they come first.
          "COPY mountpoints/ /",
          "COPY app.txt /app/app.txt",
          "COPY tree /app/tree",
          "RUN mkdir -p /data && echo built > /data/out && chmod 0640 /data/out && ln /data/out /data/out-link && ln -s /app/app.txt /app/current",
          "RUN echo scratch > /tmp/scratch",
          "RUN rm /tmp/scratch && chmod 4755 /app/app.txt",
          "ENV MODE=prod",
          "WORKDIR /app",
          "EXPOSE 8080",
          "LABEL team=images",
          'CMD ["cat", "/app/app.txt"]',
        ].join("\n"),
        "app.txt": "hello from the context\n",
        "tree/a.txt": "a\n",
        "mountpoints/dev/.keep": "",
        "mountpoints/proc/.keep": "",
        "mountpoints/sys/.keep": "",
      },
      { "tree/b-link": "a.txt" },
    );

    const images = await summariesOf(await buildBoth("same", context));
    const differences = compareImageSummaries(images.buildkit, images.classic, { leftLabel: "buildkit", rightLabel: "classic" });
    const ignored = compareImageSummaries(images.buildkit, images.classic, { showIgnored: true });

    expect(differences).toEqual([]);
    expect(images.buildkit.manifestDigest).not.toBe(images.classic.manifestDigest);
    expect(ignored.some((difference) => difference.path === "config.Labels.org.buildlab.run")).toBe(true);
    expect(images.buildkit.files["/app/app.txt"]).toMatchObject({ type: "file", mode: 0o4755, size: 23 });
    expect(images.buildkit.files["/app/tree/b-link"]).toMatchObject({ type: "symlink", linkTarget: "a.txt" });
    expect(images.buildkit.files["/app/current"]).toMatchObject({ type: "symlink", linkTarget: "/app/app.txt" });
    expect(images.buildkit.files["/data/out"]).toMatchObject({ mode: 0o640, hardLinkGroup: "/data/out" });
    expect(images.buildkit.files["/data/out-link"]?.hardLinkGroup).toBe("/data/out");
    expect(images.buildkit.files["/tmp/scratch"]).toBeUndefined();
    expect(images.buildkit.config).toMatchObject({ env: expect.arrayContaining(["MODE=prod"]), workingDir: "/app", exposedPorts: ["8080/tcp"], cmd: ["cat", "/app/app.txt"] });
  });

  it("reports the mount points a BuildKit RUN leaves in the image", async () => {
    const context = await makeContext({
      Dockerfile: [`FROM ${BASE_IMAGE}`, "RUN echo done > /done.txt"].join("\n"),
    });

    const images = await summariesOf(await buildBoth("mountpoints", context));
    const differences = compareImageSummaries(images.buildkit, images.classic, { leftLabel: "buildkit", rightLabel: "classic" });

    // The base image has no /dev, /proc or /sys, so the runtime creates them in the root file
    // system to mount on. BuildKit commits them with the RUN layer. The classic builder keeps them
    // in the container's init layer, which it never commits.
    expect(differences.map((difference) => [difference.kind, difference.path])).toEqual([
      ["missing", "/dev"],
      ["missing", "/proc"],
      ["missing", "/sys"],
    ]);
    expect(differences[0].message).toBe("/dev is a directory in buildkit but missing from classic");
    expect(images.classic.files["/done.txt"]?.sha256).toBe(images.buildkit.files["/done.txt"]?.sha256);
  });

  it("reports the owner of a WORKDIR made under a non-root USER", async () => {
    const context = await makeContext({
      Dockerfile: [`FROM ${BASE_IMAGE}`, "USER 1000:1000", "WORKDIR /work/sub", "USER 0:0"].join("\n"),
    });

    const images = await summariesOf(await buildBoth("workdir-user", context));
    const differences = compareImageSummaries(images.buildkit, images.classic, { leftLabel: "buildkit", rightLabel: "classic" });

    // BuildKit creates the WORKDIR directory as the current USER, the classic builder as root.
    expect(differences).toEqual([
      { kind: "owner", path: "/work", left: "1000:1000", right: "0:0", message: "/work is owned by 1000:1000 in buildkit but by 0:0 in classic" },
      { kind: "owner", path: "/work/sub", left: "1000:1000", right: "0:0", message: "/work/sub is owned by 1000:1000 in buildkit but by 0:0 in classic" },
    ]);
  });

  it("reports a classic build that fails on COPY --chmod", async () => {
    const context = await makeContext({
      Dockerfile: [`FROM ${BASE_IMAGE}`, "COPY --chmod=0750 run.sh /run.sh"].join("\n"),
      "run.sh": "#!/bin/sh\necho run\n",
    });
    const outcomes = await buildBoth("chmod", context);

    const report = await compareRunImages([
      { runId: "buildkit", strategy: "socket", mode: "buildkit", scenario: "cold", status: "succeeded", imageRef: outcomes.buildkit.ok ? outcomes.buildkit.ref : null },
      {
        runId: "classic",
        strategy: "socket",
        mode: "classic",
        scenario: "cold",
        status: outcomes.classic.ok ? "succeeded" : "failed",
        imageRef: outcomes.classic.ok ? outcomes.classic.ref : null,
        failedStep: "COPY --chmod=0750 run.sh /run.sh",
        error: outcomes.classic.output.trim().split("\n").at(-1),
      },
    ]);

    expect(outcomes.buildkit.ok, outcomes.buildkit.output).toBe(true);
    expect((await readImageSummary(outcomes.buildkit.ref)).files["/run.sh"]).toMatchObject({ type: "file", mode: 0o750 });
    expect(report.pairs).toEqual([]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      kind: "failed-where-another-succeeded",
      run: { runId: "classic", mode: "classic" },
      failedStep: "COPY --chmod=0750 run.sh /run.sh",
      succeeded: [{ runId: "buildkit" }],
    });
    expect(report.findings[0].message).toMatch(/the --chmod option requires BuildKit/);
  });
});
