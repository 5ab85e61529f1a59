#!/usr/bin/env node
// The packages as a user meets them (`npm run test:consumer`, run by CI): pack the four
// published packages, install the tarballs into a fresh project outside the monorepo, run a
// training script there with plain `node`, call the packages from CommonJS, and typecheck a
// strict TypeScript consumer of the public API. Fails if the install pulls anything native or
// gpu.js, or is larger than SIZE_LIMIT_MB. `--no-build` skips the build; `--keep` keeps the
// temporary project and prints where it is.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { lstatSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGES = ['tensor', 'autograd', 'nn', 'models'];
/** The goal for `npm install @tensorgrad/nn` (or models) into a fresh project. */
const SIZE_LIMIT_MB = 30;
/** Packages that mean a native build or the gpu.js stack came along: all must be absent. */
const FORBIDDEN = ['gpu.js', 'gl', 'webgpu', 'node-gyp', 'prebuild-install'];

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'scripts', 'consumer');
const args = new Set(process.argv.slice(2));

function run(cmd, argv, cwd) {
  try {
    return execFileSync(cmd, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (err) {
    process.stdout.write(err.stdout ?? '');
    fail(`${[cmd, ...argv].join(' ')} failed (in ${cwd})`);
  }
}

/** A check that failed: reported after the temporary project is cleaned up. */
class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

/** Total bytes of the files under `dir` (links not followed). */
function bytesUnder(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += bytesUnder(p);
    else if (e.isFile()) total += lstatSync(p).size;
  }
  return total;
}

/** Paths under `dir` whose name says native code: compiled addons and gyp files. */
function nativeFiles(dir) {
  const found = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) found.push(...nativeFiles(p));
    else if (e.name.endsWith('.node') || e.name === 'binding.gyp') found.push(p);
  }
  return found;
}

if (!args.has('--no-build')) {
  run(
    'npx',
    ['turbo', 'run', 'build', '--filter=@tensorgrad/models...', '--output-logs=errors-only'],
    root,
  );
}

const work = mkdtempSync(join(tmpdir(), 'tensorgrad-consumer-'));
try {
  // 1. Pack, the way `npm publish` would.
  const packed = JSON.parse(
    run(
      'npm',
      [
        'pack',
        '--json',
        '--pack-destination',
        work,
        ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]),
      ],
      root,
    ),
  );
  for (const p of packed) {
    const files = new Set(p.files.map((f) => f.path));
    for (const need of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts'])
      if (!files.has(need)) fail(`${p.name}'s tarball has no ${need}`);
    if ([...files].some((f) => f.startsWith('test/'))) fail(`${p.name}'s tarball ships its tests`);
  }
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  for (const p of PACKAGES)
    if (readFileSync(join(root, 'packages', p, 'LICENSE'), 'utf8') !== license)
      fail(`packages/${p}/LICENSE differs from the root LICENSE`);

  // 2. Install the tarballs into a fresh project (no lock, no workspace above it).
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'tensorgrad-consumer', private: true, type: 'module' }, null, 2),
  );
  const started = performance.now();
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...packed.map((p) => join(work, p.filename)),
    ],
    app,
  );
  const seconds = (performance.now() - started) / 1000;
  const modules = join(app, 'node_modules');
  const present = FORBIDDEN.filter((name) => existsSync(join(modules, name)));
  if (present.length > 0) fail(`the install pulled ${present.join(', ')}`);
  const native = nativeFiles(modules);
  if (native.length > 0) fail(`native files in the install: ${native.join(', ')}`);
  const installed = readdirSync(modules).filter((n) => !n.startsWith('.'));
  const mb = bytesUnder(modules) / 2 ** 20;
  if (mb > SIZE_LIMIT_MB) fail(`node_modules is ${mb.toFixed(1)} MB (limit ${SIZE_LIMIT_MB} MB)`);

  // 3. Run the user's scripts with plain node, and typecheck the strict TypeScript consumer.
  for (const f of ['train.mjs', 'require.cjs', 'consumer.ts', 'tsconfig.json'])
    copyFileSync(join(fixtures, f), join(app, f));
  process.stdout.write(run(process.execPath, ['train.mjs'], app));
  process.stdout.write(run(process.execPath, ['require.cjs'], app));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const version = JSON.parse(
    readFileSync(join(root, 'node_modules', 'typescript', 'package.json'), 'utf8'),
  ).version;
  run(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], app);
  console.log(
    `consumer: strict TypeScript ${version} consumer typechecks (skipLibCheck off, no @types/node)`,
  );

  const tarKb = packed.reduce((s, p) => s + p.size, 0) / 1024;
  console.log(
    `consumer test passed: ${packed.length} tarballs (${tarKb.toFixed(0)} kB packed), ` +
      `installed in ${seconds.toFixed(1)} s, node_modules ${mb.toFixed(1)} MB ` +
      `(${installed.join(', ')}), nothing native, no gpu.js`,
  );
} catch (err) {
  console.error(`consumer test: ${err instanceof Failure ? err.message : err.stack}`);
  process.exitCode = 1;
} finally {
  if (args.has('--keep')) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
