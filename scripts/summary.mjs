// The closing `N passed, N failed` line CI reads, from vitest's JSON report and its exit code.
// A file that failed to load, a suite error (a throwing hook) or a crash with no report counts as
// failed: the line can never say `0 failed` when the run is red.
import fs from "node:fs";

export function summaryLine(reportPath, exitCode) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(reportPath, "utf8"));
  } catch {
    return `0 passed, 1 failed (vitest wrote no report; exit ${exitCode})`;
  }
  // A file can fail with no failed test in it: it did not load, or a hook threw.
  const brokenFiles = report.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"));
  let failed = report.numFailedTests + brokenFiles.length;
  const notes = brokenFiles.map((f) => `${f.name.replace(`${process.cwd()}/`, "")} did not run`);
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest exited ${exitCode}`);
  }
  return `${report.numPassedTests} passed, ${failed} failed${notes.length ? ` (${notes.join("; ")})` : ""}`;
}
