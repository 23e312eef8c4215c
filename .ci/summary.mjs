// Reads each suite's report and prints one line per suite, then the last line CI reads:
// "N passed, N failed".
//
//   node .ci/summary.mjs OUT_DIR SUITE…
//
// For a suite NAME, OUT_DIR holds NAME.json (the report: numPassedTests, numFailedTests and,
// from vitest, numRuntimeErrorTestSuites and testResults), NAME.status ("<exit status>
// <seconds>") and, when the suite could not run, NAME.reason. A suite without a report counts
// as one failure with its reason; so does one that exited non-zero with no failed test in
// its report (an unhandled error, a crash after the tests).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [, , dir, ...suites] = process.argv;
if (!dir || !suites.length) {
  console.error('usage: node .ci/summary.mjs OUT_DIR SUITE…');
  process.exit(2);
}

const read = (file) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);

/** Counts of one vitest-shaped report. */
function counts(report) {
  let failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  // A test file that failed to load has no assertion results.
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
  return { passed: report.numPassedTests ?? 0, failed };
}

let passed = 0;
let failed = 0;
const rows = [];
for (const name of suites) {
  const [status, seconds] = (read(join(dir, `${name}.status`)) ?? 'missing ?').split(' ');
  const text = read(join(dir, `${name}.json`));
  let c;
  let note = '';
  if (text === undefined) {
    c = { passed: 0, failed: 1 };
    note = `did not run: ${read(join(dir, `${name}.reason`)) || `no report (exit status ${status})`}`;
  } else {
    try {
      c = counts(JSON.parse(text));
    } catch (e) {
      c = { passed: 0, failed: 1 };
      note = `unreadable report: ${e.message}`;
    }
    if (status !== '0' && c.failed === 0) {
      c.failed = 1;
      note = `exited with status ${status} although no test failed`;
    }
  }
  passed += c.passed;
  failed += c.failed;
  rows.push([name, String(c.passed), String(c.failed), seconds, note]);
}

const headers = ['suite', 'passed', 'failed', 'seconds', ''];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
console.log(['', line(headers), ...rows.map(line)].join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
