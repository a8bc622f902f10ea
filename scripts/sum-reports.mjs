// Sums every vitest JSON report in a folder and prints one line: "N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.reports';
let passed = 0;
let failed = 0;
let files = 0;
for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A file that failed to load has no failed test, but the run did not succeed.
  if (report.success === false && !report.numFailedTests) failed += 1;
  files++;
}
if (files === 0) {
  console.log('0 passed, 1 failed');
  console.error(`No vitest JSON report found in ${dir}`);
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
