import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { BuildlabError } from "../errors";
import { getSampleDirectory } from "./get-sample-directory";
import { listSamples } from "./list-samples";
import { makeWarmChange } from "./make-warm-change";
import { storeContext } from "./store-context";
import { makeTar, readTar, streamOf, type StoredEntry } from "./test-tar";
import type { StoredContext } from "./types";

const BASE = "FROM localhost:5000/buildlab/busybox:lab";

let workDir: string;
let dataDir: string;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), "buildlab-warm-change-test-"));
  dataDir = join(workDir, "data");
});

afterEach(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Stores a context made of these files, with `dockerfile` as its Dockerfile. */
async function store(dockerfile: string, files: Record<string, string> = {}): Promise<StoredContext> {
  const root = mkdtempSync(join(workDir, "context-"));
  for (const [path, content] of Object.entries({ Dockerfile: dockerfile, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return storeContext({ kind: "directory", path: root }, { dataDir, maxBytes: 1024 * 1024, maxFiles: 100 });
}

interface Difference {
  path: string;
  before?: string;
  after?: string;
}

/** Lists the entries whose type, mode or content differ between two stored tars. */
async function differences(before: StoredContext, after: StoredContext): Promise<Difference[]> {
  const key = (entry: StoredEntry) => JSON.stringify([entry.type, entry.mode, entry.linkname, entry.content]);
  const original = new Map((await readTar(before.path)).map((entry) => [entry.name, entry]));
  const changed = new Map((await readTar(after.path)).map((entry) => [entry.name, entry]));

  const found: Difference[] = [];
  for (const name of new Set([...original.keys(), ...changed.keys()])) {
    const old = original.get(name);
    const updated = changed.get(name);
    if (old && updated && key(old) === key(updated)) continue;
    found.push({ path: name, before: old?.content, after: updated?.content });
  }
  return found;
}

function sha256(path: string): string {
  return `sha256:${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
}

async function rejection(promise: Promise<unknown>): Promise<BuildlabError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BuildlabError) return error;
    throw error;
  }
  throw new Error("expected a BuildlabError, but the call succeeded");
}

describe("makeWarmChange", () => {
  it("adds .buildlab-change to a copied root", async () => {
    const stored = await store(`${BASE}\nCOPY . /srv\n`, { "app.sh": "echo app\n" });

    const { context, change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(context.digest).not.toBe(stored.digest);
    expect(await differences(stored, context)).toEqual([
      { path: ".buildlab-change", after: "Changed by Buildlab for the warm-change scenario, iteration 1.\n" },
    ]);
    expect(change).toEqual({
      path: ".buildlab-change",
      action: "add",
      instructionLine: 2,
      description: "Added .buildlab-change to the context root, which COPY on line 2 copies.",
    });
    expect(context.files).toBe(stored.files + 1);
  });

  it("stores the copy beside the original", async () => {
    const stored = await store(`${BASE}\nCOPY . /srv\n`, { "app.sh": "echo app\n" });
    const originalDigest = sha256(stored.path);

    const { context } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(context.path).toBe(join(dataDir, "contexts", `${context.digest.slice("sha256:".length)}.tar`));
    expect(sha256(context.path)).toBe(context.digest);
    expect(readFileSync(context.path).length).toBe(context.bytes);
    expect(sha256(stored.path)).toBe(originalDigest);
    expect(context.dockerfile).toBe(stored.dockerfile);
    expect(context.dockerfilePath).toBe(stored.dockerfilePath);
    expect(context.parsed).toEqual(stored.parsed);
  });

  it("appends empty lines to a single copied file", async () => {
    const stored = await store(`${BASE}\nCOPY config.json /etc/app/\nCOPY app.sh /app/\n`, {
      "config.json": '{"port": 8000}\n',
      "app.sh": "echo app",
    });

    const { context, change } = await makeWarmChange(stored, { dataDir, iteration: 3 });

    expect(await differences(stored, context)).toEqual([{ path: "app.sh", before: "echo app", after: "echo app\n\n\n" }]);
    expect(change).toMatchObject({ path: "app.sh", action: "append", instructionLine: 3 });
    expect(change.description).toBe("Appended 3 empty lines to app.sh, which COPY on line 3 copies.");
    expect(context.files).toBe(stored.files);
  });

  it("adds the file inside a copied folder", async () => {
    const stored = await store(`${BASE}\nWORKDIR /app\nCOPY --chown=1000:1000 --chmod=644 src/ ./\nRUN true\n`, {
      "src/main.sh": "echo main\n",
      "docs/readme.txt": "docs\n",
    });

    const { context, change } = await makeWarmChange(stored, { dataDir, iteration: 2 });

    const found = await differences(stored, context);
    expect(found.map((item) => item.path)).toEqual(["src/.buildlab-change"]);
    expect(found[0].after).toContain("iteration 2");
    expect(change.description).toBe("Added .buildlab-change to src/, which COPY on line 3 copies.");
  });

  it("never changes the Dockerfile", async () => {
    const stored = await store(`${BASE}\nCOPY Dockerfile .dockerignore /meta/\nCOPY notes.txt /meta/\n`, {
      ".dockerignore": "*.log\n",
      "notes.txt": "notes\n",
    });
    const onlyDockerfile = await store(`${BASE}\nCOPY Dockerfile /meta/\n`);

    const { context } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect((await differences(stored, context)).map((item) => item.path)).toEqual(["notes.txt"]);
    const error = await rejection(makeWarmChange(onlyDockerfile, { dataDir, iteration: 1 }));
    expect(error.code).toBe("invalid_input");
  });

  it("falls back to a file when .dockerignore drops the marker", async () => {
    const stored = await store(`${BASE}\nCOPY . /srv\n`, {
      ".dockerignore": ".buildlab-*\n",
      "a.txt": "a\n",
      "b.txt": "b\n",
    });

    const { context, change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(await differences(stored, context)).toEqual([{ path: "a.txt", before: "a\n", after: "a\n\n" }]);
    expect(change.action).toBe("append");
  });

  it("falls back to a file that --exclude keeps", async () => {
    const stored = await store(`# syntax=docker/dockerfile:1.7-labs\n${BASE}\nCOPY --exclude=.buildlab-change --exclude=*.md src /srv\n`, {
      "src/a.md": "a\n",
      "src/b.sh": "b\n",
    });

    const { change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(change.path).toBe("src/b.sh");
  });

  it("appends to an existing .buildlab-change", async () => {
    const stored = await store(`${BASE}\nCOPY . /srv\n`, { ".buildlab-change": "from the user\n" });

    const { context, change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(await differences(stored, context)).toEqual([{ path: ".buildlab-change", before: "from the user\n", after: "from the user\n\n" }]);
    expect(change.action).toBe("append");
  });

  it("skips a COPY --from in the final stage", async () => {
    const stored = await store(
      [`${BASE} AS build`, "COPY tool.sh /tool.sh", `${BASE}`, "COPY app.sh /app.sh", "COPY --from=build /tool.sh /tool.sh"].join("\n"),
      { "tool.sh": "tool\n", "app.sh": "app\n" },
    );

    const { change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(change).toMatchObject({ path: "app.sh", instructionLine: 4 });
  });

  it("falls back to a stage the final stage uses", async () => {
    const stored = await store(
      [
        `${BASE} AS unused`,
        "COPY unused.txt /",
        `${BASE} AS build`,
        "COPY src/ /work/",
        "RUN true",
        `${BASE}`,
        "COPY --from=build /work/ /srv/",
      ].join("\n"),
      { "unused.txt": "u\n", "src/make.sh": "make\n" },
    );

    const { change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(change).toMatchObject({ path: "src/.buildlab-change", instructionLine: 4 });
  });

  it("follows stages through FROM and mounts", async () => {
    const stored = await store(
      [
        `${BASE} AS deps`,
        "COPY deps.txt /",
        `${BASE} AS assets`,
        "COPY assets.txt /",
        "FROM deps",
        "RUN --mount=type=bind,from=assets,target=/assets true",
      ].join("\n"),
      { "deps.txt": "d\n", "assets.txt": "a\n" },
    );

    const { change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    // Both are used. The later stage, assets, comes first.
    expect(change.path).toBe("assets.txt");
  });

  it("reads the JSON form and wildcards", async () => {
    const json = await store(`${BASE}\nCOPY ["my files/", "/srv/"]\n`, { "my files/a.txt": "a\n" });
    const wildcard = await store(`${BASE}\nCOPY *.sh /srv/\n`, { "a.txt": "a\n", "b.sh": "b\n", "c.sh": "c\n" });

    expect((await makeWarmChange(json, { dataDir, iteration: 1 })).change.path).toBe("my files/.buildlab-change");
    expect((await makeWarmChange(wildcard, { dataDir, iteration: 1 })).change.path).toBe("b.sh");
  });

  it("skips URLs, archives and variables", async () => {
    const stored = await store(
      [
        BASE,
        "ARG FILE=app.sh",
        "COPY app.sh /app.sh",
        "ADD https://example.invalid/file.txt /",
        "ADD bundle.tar.gz /opt/",
        "COPY ${FILE} /copy.sh",
      ].join("\n"),
      { "app.sh": "app\n", "bundle.tar.gz": "not really gzip" },
    );

    const { change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    expect(change).toMatchObject({ path: "app.sh", instructionLine: 3 });
  });

  it("skips a file that a hard link shares", async () => {
    const tarball = await makeTar([
      { name: "Dockerfile", content: `${BASE}\nCOPY shared.txt other.txt /srv/\n` },
      { name: "shared.txt", content: "shared\n" },
      { name: "other.txt", content: "other\n" },
      { name: "hard.txt", type: "link", linkname: "other.txt" },
    ]);
    const stored = await storeContext({ kind: "archive", stream: streamOf(tarball) }, { dataDir, maxBytes: 1024 * 1024, maxFiles: 100 });

    const { change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

    // other.txt is the last source, but changing it would change hard.txt too.
    expect(change.path).toBe("shared.txt");
  });

  it("rejects a Dockerfile without COPY", async () => {
    const stored = await store(`${BASE}\nRUN echo hello > /hello.txt\n`, { "unused.txt": "x\n" });

    const error = await rejection(makeWarmChange(stored, { dataDir, iteration: 1 }));

    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("The warm-change scenario needs a file or folder from the context");
    expect(error.message).toContain("Leave out the warm-change scenario");
    expect(readdirSync(join(dataDir, "contexts"))).toEqual([basename(stored.path)]);
  });

  it("gives each iteration its own digest", async () => {
    const stored = await store(`${BASE}\nCOPY app.sh /app.sh\n`, { "app.sh": "app\n" });

    const first = await makeWarmChange(stored, { dataDir, iteration: 1 });
    const again = await makeWarmChange(stored, { dataDir, iteration: 1 });
    const second = await makeWarmChange(stored, { dataDir, iteration: 2 });

    expect(again.context.digest).toBe(first.context.digest);
    expect(second.context.digest).not.toBe(first.context.digest);
    expect(second.context.digest).not.toBe(stored.digest);
  });

  it("rejects an invalid iteration", async () => {
    const stored = await store(`${BASE}\nCOPY app.sh /app.sh\n`, { "app.sh": "app\n" });

    for (const iteration of [0, -1, 1.5, Number.NaN]) {
      await expect(makeWarmChange(stored, { dataDir, iteration })).rejects.toThrow(RangeError);
    }
  });
});

describe("makeWarmChange on the shipped samples", async () => {
  const samples = await listSamples();

  for (const sample of samples) {
    it(`changes one file of ${sample.name}`, async () => {
      const stored = await storeContext(
        { kind: "directory", path: getSampleDirectory(sample.name) },
        { dataDir, maxBytes: 16 * 1024 * 1024, maxFiles: 20_000 },
      );

      const { context, change } = await makeWarmChange(stored, { dataDir, iteration: 1 });

      // Lab machines cannot pull, so every sample builds from the lab's own base images.
      for (const image of stored.parsed.baseImages) expect(image).toMatch(/^localhost:5000\/buildlab\//);
      const found = await differences(stored, context);
      expect(found.map((item) => item.path)).toEqual([change.path]);
      expect(found[0].path).not.toBe(stored.dockerfilePath);
      expect(context.digest).not.toBe(stored.digest);
    });
  }
});
