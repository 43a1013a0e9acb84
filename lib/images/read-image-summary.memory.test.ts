import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readImageSummary } from "./read-image-summary";
import { sha256Digest } from "./testing/build-layer";

// Three 100 MiB files and a thousand small ones: about 300 MiB in one uncompressed layer, so the
// registry really sends every byte. It is generated and served by another process, so the RSS
// measured here is the reader's alone.
const LARGE_FILES = 3;
const LARGE_FILE_MIB = 100;
const SMALL_FILES = 1000;
// A bound, not a measurement: a reader that buffered the layer would grow by its 300 MiB.
const MAX_RSS_GROWTH_BYTES = 100 * 1024 * 1024;
const SAMPLE_INTERVAL_MS = 25;

const SERVER_SCRIPT = fileURLToPath(new URL("./testing/serve-large-layer.ts", import.meta.url));

// Collecting garbage before each sample makes RSS show the memory the reader retains. Without it,
// buffers already dropped but not yet collected add tens of MiB of noise.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

let server: ChildProcess;
let served: { host: string; digest: string; size: number };

beforeAll(async () => {
  server = spawn(process.execPath, [SERVER_SCRIPT, String(LARGE_FILES), String(LARGE_FILE_MIB), String(SMALL_FILES)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: server.stdout! });
  const firstLine = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    server.once("exit", (code) => reject(new Error(`serve-large-layer.ts exited with code ${code} before it listened`)));
  });
  served = JSON.parse(firstLine) as typeof served;
}, 120_000);

afterAll(() => {
  server?.kill();
});

describe("readImageSummary memory", () => {
  it("streams a 300 MiB layer without holding it", async () => {
    collectGarbage();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      collectGarbage();
      peak = Math.max(peak, process.memoryUsage().rss);
    }, SAMPLE_INTERVAL_MS);

    let summary;
    try {
      summary = await readImageSummary(`${served.host}/test/large:v1`);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);

    expect(served.size).toBeGreaterThan(300 * 1024 * 1024);
    expect(summary.layers[0]?.digest).toBe(served.digest);
    expect(summary.files["/big/file-0"]).toMatchObject({ type: "file", size: LARGE_FILE_MIB * 1024 * 1024 });
    expect(summary.files["/big/file-2"]?.sha256).toBe(summary.files["/big/file-0"]?.sha256);
    expect(summary.files["/small/file-999"]?.sha256).toBe(sha256Digest("small 999"));
    expect(peak - baseline).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  }, 120_000);
});
