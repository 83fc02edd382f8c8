/**
 * Turns Vitest's JSON report into the counts of npm test's closing line.
 * A test file that fails to load (a syntax error, a failed import, a hook
 * that threw) has no failed test of its own, yet it is a failure: it counts
 * as one failed test, so "N passed, 0 failed" never hides a file that did
 * not run.
 */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

export interface Counts { passed: number; failed: number; skipped: number }

export function countReport(j: VitestReport): Counts {
  const brokenFiles = j.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  return { passed: j.numPassedTests, failed: j.numFailedTests + brokenFiles, skipped: j.numPendingTests + j.numTodoTests };
}
