#!/usr/bin/env node
// The project's test command (`npm test`): typecheck/build every package, run every vitest
// project, then print one plain closing line `N passed, N failed, N skipped` that CI reads.
// Extra arguments go to vitest (e.g. `npm test -- packages/tensor`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;

if (run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) {
  console.error('build failed');
  process.exit(1);
}
mkdirSync('out', { recursive: true });
const report = 'out/vitest.json';
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(
    `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
  if (r.numTotalTests === 0) {
    console.error('no test ran');
    process.exit(1);
  }
} catch (e) {
  console.error(`could not read ${report}: ${e.message}`);
  process.exit(status || 1);
}
process.exit(status);
