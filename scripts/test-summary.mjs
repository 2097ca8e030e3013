// Prints one closing line for the whole suite from the vitest and Playwright
// JSON reports, after the name and first error line of every test that failed;
// a missing report or a skipped test fails the suite.
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";

// Every report but the last is vitest's; the last is Playwright's.
const files = process.argv.slice(2);
const playwrightFile = files.pop();
let passed = 0;
let failed = 0;
let skipped = 0;
/** "file › test: first line of its error", for each failure, in report order; and for each test that passed on its retry. */
const failures = [];
const flaky = [];

const firstLine = (text) => String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "").trim().split("\n")[0].slice(0, 300);

for (const vitestFile of files) {
  if (!existsSync(vitestFile)) {
    failed += 1;
    failures.push(`${vitestFile}: no report (the run did not finish)`);
    continue;
  }
  const report = JSON.parse(readFileSync(vitestFile, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults) {
    const name = relative(process.cwd(), file.name);
    const failedTests = file.assertionResults.filter((test) => test.status === "failed");
    for (const test of failedTests) failures.push(`${name} › ${test.fullName}: ${firstLine(test.failureMessages[0])}`);
    // A file that failed outside its tests (an import or a hook) has no failed test to name.
    if (file.status === "failed" && failedTests.length === 0) {
      failed += 1;
      failures.push(`${name}: ${firstLine(file.message)}`);
    }
  }
}
if (files.length === 0) failed += 1;

/** Playwright nests suites by file and describe block; tests sit at every level. */
function* playwrightTests(suite, path) {
  for (const spec of suite.specs ?? []) for (const test of spec.tests) yield { title: [...path, spec.title].join(" › "), file: spec.file, test };
  for (const child of suite.suites ?? []) yield* playwrightTests(child, suite.title && !suite.title.endsWith(".ts") ? [...path, suite.title] : path);
}

if (playwrightFile && existsSync(playwrightFile)) {
  const report = JSON.parse(readFileSync(playwrightFile, "utf8"));
  const { stats } = report;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
  for (const suite of report.suites ?? []) {
    for (const { title, file, test } of playwrightTests(suite, [])) {
      if (test.status !== "unexpected" && test.status !== "flaky") continue;
      const failedRun = test.results.find((result) => result.status !== "passed" && result.status !== "skipped");
      (test.status === "flaky" ? flaky : failures).push(`tests/e2e/${file} › ${title}: ${firstLine(failedRun?.error?.message)}`);
    }
  }
} else {
  failed += 1;
  failures.push(`${playwrightFile ?? "Playwright"}: no report (the run did not finish)`);
}

const list = (lines) => lines.map((line) => `  ${line}`).join("\n");
if (flaky.length > 0) console.log(`flaky, passed on their retry:\n${list(flaky)}`);
if (failures.length > 0) console.log(`failed:\n${list(failures)}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
// A skipped test is not a passing one: the suite fails until it runs.
process.exit(failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
