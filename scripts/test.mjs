#!/usr/bin/env node
// The project's test command (`npm test`): typecheck/build every package, run every vitest
// project, then print one plain closing line `N passed, N failed, N skipped` that CI reads.
// Just before it come the skipped tests, each with why, whether headless-gl is built here, and
// any test file that failed to load.
// Extra arguments go to vitest (e.g. `npm test -- packages/tensor`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

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
  describeSkips(r);
  // A file that throws before its tests run counts no failed test: name it, or "0 failed" lies.
  const broken = (r.testResults ?? []).filter((f) => f.status === 'failed' && f.message);
  for (const f of broken)
    console.log(`file failed: ${relative(process.cwd(), f.name)}: ${f.message.split('\n')[0]}`);
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

/** Why a test skips, from its title (vitest's JSON report keeps no skip note). */
function whySkipped(title) {
  if (/TENSORGRAD_REQUIRE_GL=1/.test(title))
    return 'needs real headless GL: `npm run test:gl` (gl built, under xvfb-run)';
  return 'skipped by the test itself (see its title)';
}

/** The skipped tests, grouped by why, and whether headless-gl is built here. */
function describeSkips(r) {
  const byWhy = new Map();
  for (const file of r.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'passed' || a.status === 'failed') continue;
      const why = whySkipped(a.fullName ?? a.title);
      const list = byWhy.get(why) ?? [];
      list.push(`${relative(process.cwd(), file.name)} › ${a.fullName ?? a.title}`);
      byWhy.set(why, list);
    }
  }
  for (const [why, tests] of byWhy) {
    console.log(`skipped ${tests.length}, ${why}:`);
    for (const t of tests) console.log(`  ${t}`);
  }
  // gl is an optional dependency (of gpu.js): npm drops it when it cannot build it.
  const gl = existsSync('node_modules/gl/build/Release/webgl.node');
  console.log(
    gl
      ? 'headless-gl: built; the gpu tests ran in ' +
          (process.env.DISPLAY ? 'headless GL' : "gpu.js's WebAssembly mode (no DISPLAY)")
      : "headless-gl: not built here (npm skips the optional gl without the X11/GL headers); the gpu tests ran in gpu.js's WebAssembly mode, and `npm run test:gl` needs `apt-get install -y libx11-dev libxi-dev libxext-dev libgl1-mesa-dev pkg-config xvfb` then `npm rebuild gl`",
  );
}
