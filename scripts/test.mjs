#!/usr/bin/env node
// The project's test command (`npm test`): build every package, run every vitest project, then
// print the closing lines that CI reads, ending with one plain line `N passed, N failed, N
// skipped` that counts tests, i.e. checks that can fail (every test must call expect: see
// `requireAssertions` in the vitest configs).
//
// Just before it come:
// - every skipped suite, with why it skipped (no gpu backend here and the reason, WebAssembly
//   SIMD unavailable, runs only under TENSORGRAD_REQUIRE_GL=1, ...), never silently;
// - the environment the gpu and SIMD suites depend on, and what did not run because of it;
// - test files that failed to load;
// - the documentation examples that ran but assert nothing (vitest.doctest.ts titles them
//   "example run (asserts nothing): ..."): counted apart, as examples, not as tests.
// Extra arguments go to vitest (e.g. `npm test -- packages/tensor`); `--no-build` skips the build
// (the probe of the environment then reads the packages' existing dist/).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1;

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const filtered = args.some((a) => a === '-t' || a.startsWith('--testNamePattern'));
if (build && run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) {
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
  ...args.filter((a) => a !== '--no-build'),
]);
let r;
try {
  r = JSON.parse(readFileSync(report, 'utf8'));
} catch (e) {
  console.error(`could not read ${report}: ${e.message}`);
  process.exit(status || 1);
}
const environment = probeEnvironment();
describeSkips(r, environment);
describeEnvironment(environment);
// A file that throws before its tests run counts no failed test: name it, or "0 failed" lies.
const broken = (r.testResults ?? []).filter((f) => f.status === 'failed' && f.message);
for (const f of broken)
  console.log(`file failed: ${relative(process.cwd(), f.name)}: ${f.message.split('\n')[0]}`);
const counts = countTests(r);
const docs = counts.documentation;
if (docs.total > 0)
  console.log(
    `documentation blocks (typechecked, then run): ${docs.total}, of which ${docs.total - counts.examples.total} assert and count as tests, ${counts.examples.total} only run (examples)`,
  );
console.log(
  `examples run (they assert nothing, so they are not counted as tests): ${counts.examples.passed} passed, ${counts.examples.failed} failed`,
);
console.log(
  `${counts.tests.passed} passed, ${counts.tests.failed} failed, ${counts.tests.skipped} skipped`,
);
if (r.numTotalTests === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(status);

/** A documentation block that runs but asserts nothing (see vitest.doctest.ts). */
function isExample(assertion) {
  return (
    assertion.meta?.example === true || /^example run \(asserts nothing\)/.test(assertion.title)
  );
}

/** Tests (which assert) and examples (which only run), each passed / failed / skipped. */
function countTests(results) {
  const counts = {
    tests: { passed: 0, failed: 0, skipped: 0 },
    examples: { passed: 0, failed: 0, skipped: 0, total: 0 },
    documentation: { total: 0 },
  };
  for (const file of results.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      // vitest.doctest.ts titles: `@example <where>`, `guide code <where>`, or either behind
      // "example run (asserts nothing): "
      if (/^(example run \(asserts nothing\): )?(@example|guide code) /.test(a.title))
        counts.documentation.total++;
      if (isExample(a)) counts.examples.total++;
      const c = isExample(a) ? counts.examples : counts.tests;
      if (a.status === 'passed') c.passed++;
      else if (a.status === 'failed') c.failed++;
      else c.skipped++;
    }
  }
  return counts;
}

/**
 * What the gpu and SIMD suites depend on, asked of the built packages in a child process (so
 * that a GL context or a crash stays there): whether the gpu backend can be created here and
 * in which mode or why not, and whether the WebAssembly SIMD matmul kernel loads.
 */
function probeEnvironment() {
  const code = `
    const out = {};
    try {
      const t = await import('./packages/tensor/dist/index.js');
      out.gpu = t.gpuAvailability();
    } catch (e) {
      out.gpu = { available: false, mode: 'none', reason: 'could not load the tensor package: ' + e.message };
    }
    try {
      const g = await import('./packages/tensor/dist/backend/cpu/wasm/gemm.js');
      out.simd = g.simdGemmEnabled();
    } catch (e) {
      out.simdError = e.message;
    }
    console.log(JSON.stringify(out));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
  let probe = {};
  try {
    probe = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    const why = (child.stderr || child.stdout || `exit ${child.status}`).trim().split('\n')[0];
    probe = { gpu: { available: false, mode: 'none', reason: `probe failed: ${why}` } };
  }
  const simdSwitchedOff = process.env.TENSORGRAD_SIMD === '0';
  // The feature itself: a module with one v128 instruction (wasm-feature-detect's test).
  const simdModule = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253,
    15, 253, 98, 11,
  ]);
  const simdSupported = WebAssembly.validate(simdModule);
  const simd =
    probe.simd === true
      ? { available: true, reason: 'the SIMD matmul kernel loads' }
      : {
          available: false,
          reason: simdSwitchedOff
            ? 'switched off by TENSORGRAD_SIMD=0'
            : !simdSupported
              ? `this JavaScript engine (Node ${process.version}) has no WebAssembly SIMD`
              : probe.simdError !== undefined
                ? `the SIMD kernel's module failed to load: ${probe.simdError}`
                : 'the SIMD matmul kernel failed to instantiate although WebAssembly SIMD is supported',
        };
  // gl is an optional dependency (of gpu.js): npm drops it when it cannot build it.
  const glBuilt = existsSync('node_modules/gl/build/Release/webgl.node');
  return {
    gpu: probe.gpu ?? { available: false, mode: 'none', reason: 'not probed' },
    simd,
    glBuilt,
  };
}

/** Why a skipped test skipped, from its title and file and from the environment probe. */
function whySkipped(file, title, environment) {
  if (/TENSORGRAD_REQUIRE_GL=1/.test(title))
    return 'runs only under TENSORGRAD_REQUIRE_GL=1: `npm run test:gl` (gl built, under xvfb-run)';
  if (/SIMD/.test(title) && !environment.simd.available)
    return `WebAssembly SIMD unavailable: ${environment.simd.reason}`;
  if ((/\bgpu\b/i.test(title) || /\/gpu\//.test(file)) && !environment.gpu.available)
    return `no gpu backend here: ${environment.gpu.reason}`;
  return filtered
    ? 'left out by the -t filter, or skipped by the test itself'
    : 'skipped by the test itself (see its title)';
}

/**
 * Every skipped suite (outermost describe, or the test itself) with why, grouped by file and
 * reason: `file: N tests skipped (suite, suite, ...): why`.
 */
function describeSkips(results, environment) {
  const groups = new Map();
  for (const file of results.testResults ?? []) {
    const path = relative(process.cwd(), file.name);
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'passed' || a.status === 'failed') continue;
      const why = whySkipped(path, a.fullName ?? a.title, environment);
      const key = `${path}\u0000${why}`;
      const group = groups.get(key) ?? { path, why, tests: 0, suites: new Set() };
      group.tests++;
      group.suites.add(a.ancestorTitles?.[0] ?? a.title);
      groups.set(key, group);
    }
  }
  if (groups.size === 0) return;
  console.log('skipped:');
  for (const { path, why, tests, suites } of groups.values()) {
    const names = [...suites];
    const shown =
      names.slice(0, 3).join('; ') + (names.length > 3 ? `; and ${names.length - 3} more` : '');
    console.log(`  ${path}: ${tests} test${tests === 1 ? '' : 's'} (${shown}): ${why}`);
  }
}

/** The gpu, GL and SIMD state, and the suites that exist only where they are available. */
function describeEnvironment({ gpu, simd, glBuilt }) {
  const display = process.env.DISPLAY;
  console.log(
    gpu.available
      ? `gpu backend: gpu.js mode ${gpu.mode} (${gpu.reason})`
      : `gpu backend: unavailable, the gpu suites did not run: ${gpu.reason}`,
  );
  if (process.env.TENSORGRAD_REQUIRE_GL === '1' && gpu.mode !== 'headlessgl')
    console.log(`TENSORGRAD_REQUIRE_GL=1 but the gpu backend is not headless GL (${gpu.mode})`);
  console.log(
    glBuilt
      ? `headless-gl: built; ${display ? `DISPLAY ${display}` : 'no DISPLAY, so gpu.js runs its WebAssembly mode'}`
      : 'headless-gl: not built here (npm skips the optional gl without the X11/GL headers), so gpu.js runs its WebAssembly mode; `npm run test:gl` needs `apt-get install -y libx11-dev libxi-dev libxext-dev libgl1-mesa-dev pkg-config xvfb` then `npm rebuild gl`',
  );
  console.log(
    simd.available
      ? `WebAssembly SIMD: on (${simd.reason})`
      : `WebAssembly SIMD: off, the SIMD kernel's suites did not run: ${simd.reason}`,
  );
}
