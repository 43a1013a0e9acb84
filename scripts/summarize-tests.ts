// Adds up the JSON reports of Vitest and Playwright into one closing line: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;

for (const name of ["unit.json", "integration.json"]) {
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    console.error(`[test] ${name} is missing: that test run did not finish`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}

const e2e = path.join(dir, "e2e.json");
if (existsSync(e2e)) {
  const stats = JSON.parse(readFileSync(e2e, "utf8")).stats;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
} else {
  console.error("[test] e2e.json is missing: the browser tests did not finish");
  failed++;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
