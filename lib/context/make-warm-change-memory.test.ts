import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makeWarmChange } from "./make-warm-change";
import { storeContext } from "./store-context";
import type { StoredContext } from "./types";

// Making the warm change streams the stored tar through, so memory must not grow with the file it
// changes. The bound is far below the file's size but leaves room for buffers and the test runner.
const FILE_BYTES = 50 * 1024 * 1024;
const MAX_RSS_GROWTH = 40 * 1024 * 1024;

let workDir: string;
let dataDir: string;
let stored: StoredContext;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "buildlab-warm-change-memory-"));
  dataDir = join(workDir, "data");
  const contextDir = join(workDir, "context");
  mkdirSync(contextDir);
  writeFileSync(join(contextDir, "Dockerfile"), "FROM localhost:5000/buildlab/busybox:lab\nCOPY big.bin /big.bin\n");
  writeFileSync(join(contextDir, "big.bin"), Buffer.alloc(FILE_BYTES, 7));
  stored = await storeContext({ kind: "directory", path: contextDir }, { dataDir, maxBytes: 2 * FILE_BYTES, maxFiles: 10 });
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe("makeWarmChange memory", () => {
  it("stays flat for a 50 MB file", async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);

    let result: Awaited<ReturnType<typeof makeWarmChange>>;
    try {
      result = await makeWarmChange(stored, { dataDir, iteration: 1 });
    } finally {
      clearInterval(sampler);
    }

    expect(result.change.path).toBe("big.bin");
    expect(result.context.bytes).toBeGreaterThanOrEqual(stored.bytes);
    expect(Math.max(peak, process.memoryUsage().rss) - baseline).toBeLessThan(MAX_RSS_GROWTH);
  });
});
