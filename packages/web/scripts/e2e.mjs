#!/usr/bin/env node
// End-to-end check of the browser pages (run `npm run build` first): serve dist/, open the bundled
// page (dist/index.html) and the page without a bundler (dist/static/index.html) in headless
// Chromium, on the gpu (gpu.js on WebGL2, SwiftShader here), on the cpu (?backend=cpu) and in a
// browser without WebGL (the page must fall back to the cpu and say so). Every run's predictions
// must equal, and its logits match within float32 tolerance, what Node computes from the same
// checkpoint and images with the built packages. The pages are served cross-origin isolated, so
// the cpu backend runs its large products on Web Workers; scripts/e2e-threads.mjs then checks
// that pool in the page without a bundler (bit-identical on 2 threads, 1 thread and in Node; the
// workers compute, end when the page navigates away, and the browser closes promptly). Prints
// one PASS/FAIL line; exits non-zero on failure. Writes a screenshot per page and run to e2e-out/.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createReadStream } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { noGrad, setBackend, tensor } from '@tensorgrad/autograd';
import { makeShapes } from '@tensorgrad/demo/shapes';
import { LearnableMemoryViT } from '@tensorgrad/models';
import { readSafetensors } from '@tensorgrad/nn';
import { checkThreads } from './e2e-threads.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(packageDir, 'dist');
const outDir = join(packageDir, 'e2e-out');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHECKPOINT = 'shapes-vit.safetensors';

/** The two pages: what each is, where it is served, and the checkpoint copy it fetches. */
const PAGES = [
  { page: 'bundled', path: '/index.html', checkpoint: join(distDir, CHECKPOINT) },
  { page: 'static', path: '/static/index.html', checkpoint: join(distDir, 'static', CHECKPOINT) },
];
/** The runs of each page: the query string, whether the browser has WebGL, what must happen. */
const RUNS = [
  { run: 'gpu', query: '', webgl: true, backend: 'gpu' },
  { run: 'cpu', query: '?backend=cpu', webgl: true, backend: 'cpu' },
  { run: 'no-webgl', query: '', webgl: false, backend: 'cpu', fallback: true },
];

/**
 * float32 tolerance for page vs Node logits, elementwise: |page − node| ≤ ATOL + RTOL·|node|.
 * The cpu backend runs the same code in Chromium as in Node; the gpu sums in other orders and
 * its exp/erf are its own, so its logits differ by float32 rounding (a few 1e-6 on logits of
 * size ~10 on SwiftShader). 1e-3 leaves room for other GPUs while still catching any wrong
 * kernel, whose errors are O(0.1) or worse.
 */
const ATOL = 1e-3;
const RTOL = 1e-3;
/**
 * The trained checkpoint gets 97.8% of the demo's held-out images right; a page that loaded
 * random or mangled weights gets about 1 in 6.
 */
const MIN_ACCURACY = 0.9;
/** SwiftShader on two shared cores compiles every shader on the first gpu pass: be patient. */
const RESULT_TIMEOUT_MS = 180_000;
/** The modes in which gpu.js really runs on WebGL; anything else (webasm) is a fallback. */
const WEBGL_MODES = ['webgl2', 'webgl'];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Headers that make the pages cross-origin isolated: only then do browsers give them
 * SharedArrayBuffer, which the cpu backend's Web Worker pool needs (without it the cpu backend
 * runs on one thread). Every file the pages load is served from here, so requiring CORP of
 * cross-origin resources blocks nothing.
 */
const CROSS_ORIGIN_ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** A static file server for `root` on 127.0.0.1 and a free port, cross-origin isolated. */
async function serve(root) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(root, path));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    // Refuse paths that climb out of dist/ (`..`), and anything that is not a file.
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      ...CROSS_ORIGIN_ISOLATION,
    });
    createReadStream(file).pipe(response);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/**
 * What Node computes with the built packages (packages/*\/dist) on the cpu backend: the model
 * rebuilt from the checkpoint's metadata, the demo's images for `samples`, logits, argmax.
 */
function nodeReference(checkpointPath, { count, imageSize, seed }) {
  setBackend('cpu');
  const { tensors, metadata } = readSafetensors(readFileSync(checkpointPath));
  const model = new LearnableMemoryViT(JSON.parse(metadata.config));
  model.loadStateDict(tensors);
  model.eval();
  const batch = makeShapes(count, imageSize, seed);
  const logits = noGrad(() =>
    model.forward(tensor(batch.images, { shape: [batch.n, 3, batch.size, batch.size] })),
  );
  return {
    classes: JSON.parse(metadata.classes),
    labels: Array.from(batch.labels),
    logits: logits.toArray(),
    predictions: logits.argmax(-1).toArray(),
  };
}

/** The largest |page − node|, and the worst excess over the tolerance (> 0 fails) with where. */
function compareLogits(page, node) {
  let gap = 0;
  let worst = { excess: -Infinity };
  node.forEach((row, i) =>
    row.forEach((want, j) => {
      const got = page[i]?.[j];
      // NaN or a missing entry counts as infinitely far off, so a finite miss never hides it.
      const raw = Math.abs(got - want);
      const g = Number.isNaN(raw) ? Infinity : raw;
      gap = Math.max(gap, g);
      const excess = g - (ATOL + RTOL * Math.abs(want));
      if (excess > worst.excess) worst = { excess, i, j, got, want };
    }),
  );
  return { gap, ...worst };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Every problem with one run's result, as readable lines; empty when it passes. */
function check(result, expected, reference) {
  if ('error' in result) return [`the page failed: ${result.error}`];
  const problems = [];
  if (result.page !== expected.page) problems.push(`page says it is ${result.page}`);
  if (result.backend !== expected.backend) {
    problems.push(`ran on the ${result.backend}, expected the ${expected.backend}`);
  }
  if (expected.backend === 'gpu' && !WEBGL_MODES.includes(result.mode)) {
    problems.push(`gpu.js ran in mode ${result.mode}, expected one of ${WEBGL_MODES.join(', ')}`);
  }
  if (expected.fallback === true && !result.fallback) {
    problems.push('no WebGL, yet the page does not say that it fell back to the cpu');
  }
  if (expected.fallback !== true && result.fallback !== undefined) {
    problems.push(`unexpected fallback: ${result.fallback}`);
  }
  if (!same(result.classes, reference.classes)) {
    problems.push(`classes ${result.classes} differ from Node's ${reference.classes}`);
  }
  if (!same(result.labels, reference.labels)) {
    problems.push(`true labels ${result.labels} differ from Node's ${reference.labels}`);
  }
  if (!same(result.predictions, reference.predictions)) {
    problems.push(`predictions ${result.predictions} differ from Node's ${reference.predictions}`);
  }
  const worst = compareLogits(result.logits, reference.logits);
  if (worst.excess > 0) {
    const { i, j, got, want } = worst;
    problems.push(
      `logits[${i}][${j}]: page ${got} vs Node ${want} is outside ${ATOL} + ${RTOL}·|node|`,
    );
  }
  if (!(result.accuracy >= MIN_ACCURACY)) {
    problems.push(
      `accuracy ${result.accuracy} is below ${MIN_ACCURACY}: is the checkpoint trained?`,
    );
  }
  return problems;
}

/** A headless Chromium, with or without WebGL. */
function launch(profile, webgl) {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-gpu-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A browser without WebGL (as on a machine whose GPU is blocklisted).
      ...(webgl ? [] : ['--disable-3d-apis']),
    ],
  });
}

/** Open `url`, wait for the page's result, take a screenshot. */
async function visit(context, origin, url, screenshotPath) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`  [page console.error] ${message.text()}`);
  });
  const started = performance.now();
  await page.goto(`${origin}${url}`);
  await page.waitForFunction(() => window.__result !== undefined, null, {
    timeout: RESULT_TIMEOUT_MS,
  });
  const seconds = (performance.now() - started) / 1000;
  const result = await page.evaluate(() => window.__result);
  const status = (await page.textContent('#status')) ?? '';
  await page.screenshot({ path: screenshotPath, fullPage: true });
  await page.close();
  return { result, status, pageErrors, seconds };
}

/**
 * The checkpoint is not kept in the repository: trained here by scripts/checkpoint.mjs (the
 * demo's seeded training, about a minute) when public/ lacks it, then put beside both pages.
 */
function provideCheckpoint() {
  const trained = join(packageDir, 'public', CHECKPOINT);
  if (!existsSync(trained)) {
    console.log(`${trained} is missing: training it (scripts/checkpoint.mjs)`);
    const run = spawnSync(process.execPath, [join(packageDir, 'scripts', 'checkpoint.mjs')], {
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error('scripts/checkpoint.mjs failed');
  }
  for (const { checkpoint } of PAGES) {
    if (!existsSync(dirname(checkpoint))) {
      throw new Error(
        `${dirname(checkpoint)} is missing: run \`npm run build -w @tensorgrad/web\` first`,
      );
    }
    copyFileSync(trained, checkpoint);
  }
}

async function main() {
  provideCheckpoint();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const { server, origin } = await serve(distDir);
  const references = new Map();
  const problems = [];
  try {
    for (const webgl of [true, false]) {
      const profile = mkdtempSync(join(tmpdir(), 'tensorgrad-e2e-'));
      const context = await launch(profile, webgl);
      try {
        // The pages need nothing but their own files; any other request is a bug, and is not sent.
        await context.route('**/*', (route) =>
          route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort(),
        );
        for (const expected of RUNS.filter((r) => r.webgl === webgl)) {
          for (const { page, path, checkpoint } of PAGES) {
            const name = `${page}-${expected.run}`;
            const screenshot = join(outDir, `${name}.png`);
            const visited = await visit(context, origin, path + expected.query, screenshot);
            const { result, status, pageErrors, seconds } = visited;
            const own = [...pageErrors.map((m) => `uncaught page error: ${m}`)];
            if ('error' in result) {
              own.push(`the page failed: ${result.error}`);
            } else {
              const key = JSON.stringify(result.samples);
              if (!references.has(key))
                references.set(key, nodeReference(checkpoint, result.samples));
              own.push(...check(result, { page, ...expected }, references.get(key)));
              const gap = compareLogits(result.logits, references.get(key).logits).gap;
              const right = Math.round(result.accuracy * result.labels.length);
              console.log(
                `  ${name.padEnd(17)} ${result.backend}${result.mode ? ` (${result.mode})` : ''}, ` +
                  `${right}/${result.labels.length} right, max |page - node| ${gap.toExponential(2)}, ` +
                  `forward ${result.firstMs.toFixed(0)} ms first / ${result.ms.toFixed(1)} ms warm, ` +
                  `${seconds.toFixed(1)} s in all`,
              );
              console.log(`  ${''.padEnd(17)} "${status.trim().slice(0, 150)}"`);
              if (result.renderer) console.log(`  ${''.padEnd(17)} renderer: ${result.renderer}`);
            }
            console.log(`  ${''.padEnd(17)} screenshot ${screenshot}`);
            problems.push(...own.map((p) => `${name}: ${p}`));
          }
        }
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    const profile = mkdtempSync(join(tmpdir(), 'tensorgrad-e2e-'));
    try {
      const log = (line) => console.log(`  ${'threads'.padEnd(17)} ${line}`);
      const own = await checkThreads({ launch: (p) => launch(p, true), origin, profile, log });
      problems.push(...own.map((p) => `threads: ${p}`));
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  } finally {
    server.close();
  }
  if (references.size > 1) problems.push('the pages drew different images (samples differ)');
  const [reference] = references.values();
  if (reference) console.log(`  Node predictions  ${reference.predictions.join(',')}`);
  if (reference) console.log(`  true labels       ${reference.labels.join(',')}`);
  for (const problem of problems) console.log(`  problem: ${problem}`);
  console.log(
    problems.length === 0 ? 'PASS web e2e' : `FAIL web e2e (${problems.length} problem(s))`,
  );
  return problems.length === 0;
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (err) => {
    console.log(`FAIL web e2e: ${err.stack ?? err}`);
    process.exit(1);
  },
);
