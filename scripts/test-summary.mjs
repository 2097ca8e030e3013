// Prints one closing line for the whole suite from the vitest and Playwright
// JSON reports; a missing report or a skipped test fails the suite.
import { existsSync, readFileSync } from "node:fs";

// Every report but the last is vitest's; the last is Playwright's.
const files = process.argv.slice(2);
const playwrightFile = files.pop();
let passed = 0;
let failed = 0;
let skipped = 0;

for (const vitestFile of files) {
  if (existsSync(vitestFile)) {
    const report = JSON.parse(readFileSync(vitestFile, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  } else failed += 1;
}
if (files.length === 0) failed += 1;

if (playwrightFile && existsSync(playwrightFile)) {
  const { stats } = JSON.parse(readFileSync(playwrightFile, "utf8"));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
} else failed += 1;

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
// A skipped test is not a passing one: the suite fails until it runs.
process.exit(failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
