// Reads vitest's JSON report(s) and prints the last line CI reads: "N passed, N failed".
// A run that crashed before writing a report counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [, , ...args] = process.argv;
const status = Number(args.pop() ?? 1);
let passed = 0;
let failed = 0;
for (const file of args) {
  if (!existsSync(file)) {
    console.log(`missing test report ${file}`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
