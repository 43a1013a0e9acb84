// Packs one context folder the way Buildlab does, in a process of its own, and prints one JSON line
// with the timings and the memory it took: storeContext, then openContext read to the end.
// Usage: node --import tsx bench/pack-context-child.ts FOLDER DATA_DIR MAX_BYTES MAX_FILES
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { openContext, storeContext } from "@/lib/context";

// How often the resident set size is sampled besides the kernel's own high-water mark.
const SAMPLE_INTERVAL_MS = 5;

const [folder, dataDir, maxBytes, maxFiles] = process.argv.slice(2);
if (!folder || !dataDir || !maxBytes || !maxFiles) {
  console.error("usage: node --import tsx bench/pack-context-child.ts FOLDER DATA_DIR MAX_BYTES MAX_FILES");
  process.exit(2);
}

function readStatusKiB(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  if (!match) throw new Error(`/proc/self/status has no ${field} line`);
  return Number(match[1]);
}

const baselineRssBytes = process.memoryUsage().rss;
// Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0 and later), so the peak read
// at the end covers the packing and not the start-up of Node.js and tsx.
writeFileSync("/proc/self/clear_refs", "5");

let sampledPeakBytes = baselineRssBytes;
const sampler = setInterval(() => {
  sampledPeakBytes = Math.max(sampledPeakBytes, process.memoryUsage().rss);
}, SAMPLE_INTERVAL_MS);

const started = performance.now();
const stored = await storeContext({ kind: "directory", path: folder }, { dataDir, maxBytes: Number(maxBytes), maxFiles: Number(maxFiles) });
const storedAt = performance.now();

let streamedBytes = 0;
for await (const chunk of openContext(stored)) streamedBytes += (chunk as Buffer).length;
const ended = performance.now();
clearInterval(sampler);

console.log(
  JSON.stringify({
    storeMs: storedAt - started,
    readMs: ended - storedAt,
    totalMs: ended - started,
    tarBytes: stored.bytes,
    streamedBytes,
    files: stored.files,
    baselineRssBytes,
    peakRssBytes: readStatusKiB("VmHWM") * 1024,
    sampledPeakBytes: Math.max(sampledPeakBytes, process.memoryUsage().rss),
    path: stored.path,
  }),
);
