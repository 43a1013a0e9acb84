import { execFileSync } from "node:child_process";
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { storeContext } from "./store-context";
import type { ContextInput } from "./types";

// Storing streams every file through, so memory must not grow with the context. The bound is far
// below the context size but leaves room for buffers, the allocator and the test runner.
const FILE_COUNT = 50;
const FILE_BYTES = 1024 * 1024;
const CONTEXT_BYTES = FILE_COUNT * FILE_BYTES;
const MAX_RSS_GROWTH = 40 * 1024 * 1024;

let workDir: string;
let contextDir: string;
let tarPath: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "buildlab-context-memory-"));
  contextDir = join(workDir, "context");
  mkdirSync(join(contextDir, "blobs"), { recursive: true });
  writeFileSync(join(contextDir, "Dockerfile"), "FROM localhost:5000/buildlab/busybox:lab\nCOPY blobs /blobs\n");
  for (let index = 0; index < FILE_COUNT; index += 1) {
    // Different bytes per file, so nothing along the way can deduplicate them.
    writeFileSync(join(contextDir, "blobs", `blob-${index}.bin`), Buffer.alloc(FILE_BYTES, index));
  }
  tarPath = join(workDir, "context.tar.gz");
  execFileSync("tar", ["-C", contextDir, "-czf", tarPath, "."]);
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Stores the context and returns how far the resident set rose above where it started. */
async function peakRssGrowth(input: () => ContextInput, dataDir: string): Promise<number> {
  const options = { dataDir, maxBytes: 2 * CONTEXT_BYTES, maxFiles: 1000 };
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const stored = await storeContext(input(), options);
    expect(stored.files).toBe(FILE_COUNT + 1);
    expect(stored.bytes).toBeGreaterThan(CONTEXT_BYTES);
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - baseline;
}

describe("storeContext memory", () => {
  it("stays flat for a 50 MB folder", async () => {
    const dataDir = mkdtempSync(join(workDir, "data-"));

    const growth = await peakRssGrowth(() => ({ kind: "directory", path: contextDir }), dataDir);

    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
    expect(readdirSync(join(dataDir, "contexts"))).toHaveLength(1);
  });

  it("stays flat for a 50 MB gzipped upload", async () => {
    const dataDir = mkdtempSync(join(workDir, "data-"));

    const growth = await peakRssGrowth(() => ({ kind: "archive", stream: createReadStream(tarPath) }), dataDir);

    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
    expect(readdirSync(join(dataDir, "contexts"))).toHaveLength(1);
  });

  it("stays flat for 50 MB of uploaded files", async () => {
    const dataDir = mkdtempSync(join(workDir, "data-"));
    const names = ["Dockerfile", ...readdirSync(join(contextDir, "blobs")).map((name) => `blobs/${name}`)];

    const growth = await peakRssGrowth(
      () => ({
        kind: "files",
        // Half without sizes, so the spooling path is measured as well.
        files: names.map((name, index) => ({
          path: name,
          open: () => createReadStream(join(contextDir, name)),
          size: index % 2 === 0 ? statSync(join(contextDir, name)).size : undefined,
        })),
      }),
      dataDir,
    );

    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  });
});
