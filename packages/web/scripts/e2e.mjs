#!/usr/bin/env node
// End-to-end check of the browser demo: serve the built page (run `npm run build` first), open it
// in headless Chromium, and check that the gpu backend really ran on WebGL and agrees with the
// cpu backend. Prints one PASS/FAIL line; exits non-zero on failure. Writes e2e-out/page.png.
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(packageDir, 'dist');
const outDir = join(packageDir, 'e2e-out');
const screenshotPath = join(outDir, 'page.png');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * float32 tolerance for gpu vs cpu logits, elementwise: |gpu − cpu| ≤ ATOL + RTOL·|cpu|.
 * The two backends sum in different orders and the gpu's exp/erf are its own, so the logits
 * differ by float32 rounding (measured on SwiftShader: max 2.4e-7 on logits of size ~1); 1e-3 leaves
 * room for other GPUs while still catching any wrong kernel, whose errors are O(0.1) or worse.
 */
const ATOL = 1e-3;
const RTOL = 1e-3;
/** SwiftShader on two shared cores compiles every shader on the first gpu pass: be patient. */
const RESULT_TIMEOUT_MS = 180_000;
/** The modes in which gpu.js really runs on WebGL; anything else (cpu, webasm) is a fallback. */
const WEBGL_MODES = ['webgl2', 'webgl'];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A static file server for `root` on 127.0.0.1 and a free port. */
async function serve(root) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    // Refuse paths that climb out of dist/ (`..`), and anything that is not a file.
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Every problem with the page's result, as readable lines; empty when it passes. */
function check(result) {
  if ('error' in result) return [`the page failed: ${result.error}`];
  const problems = [];
  if (!WEBGL_MODES.includes(result.gpuMode)) {
    problems.push(
      `gpu.js ran in mode ${result.gpuMode}, expected one of ${WEBGL_MODES.join(', ')}`,
    );
  }
  const { cpuLogits, gpuLogits } = result;
  const shapeOf = (m) => `[${m.length}, ${m[0]?.length ?? 0}]`;
  if (cpuLogits.length === 0 || shapeOf(cpuLogits) !== shapeOf(gpuLogits)) {
    problems.push(
      `logit shapes differ or are empty: cpu ${shapeOf(cpuLogits)}, gpu ${shapeOf(gpuLogits)}`,
    );
    return problems;
  }
  let worst = { excess: -Infinity };
  cpuLogits.forEach((row, i) =>
    row.forEach((cpu, j) => {
      const gpu = gpuLogits[i][j];
      // NaN on either side counts as infinitely far off, so a finite miss never hides it.
      const gap = Math.abs(gpu - cpu);
      const excess = Number.isNaN(gap) ? Infinity : gap - (ATOL + RTOL * Math.abs(cpu));
      if (excess > worst.excess) worst = { excess, i, j, cpu, gpu };
    }),
  );
  if (worst.excess > 0) {
    const { i, j, cpu, gpu } = worst;
    problems.push(
      `logits[${i}][${j}]: gpu ${gpu} vs cpu ${cpu} is outside ${ATOL} + ${RTOL}·|cpu|`,
    );
  }
  const { losses } = result.training;
  if (!losses.every(Number.isFinite) || !(losses.at(-1) < losses[0])) {
    problems.push(`gpu training did not lower the loss: ${losses.join(', ')}`);
  }
  return problems;
}

async function main() {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(
      `${distDir}/index.html is missing: run \`npm run build -w @tensorgrad/web\` first`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const { server, origin } = await serve(distDir);
  const profile = mkdtempSync(join(tmpdir(), 'tensorgrad-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
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
      ],
    });
    // The page needs nothing but its own files; any other request is a bug, and is not sent.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort(),
    );
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') console.log(`  [page console.error] ${message.text()}`);
    });

    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.__result !== undefined, null, {
      timeout: RESULT_TIMEOUT_MS,
    });
    const result = await page.evaluate(() => window.__result);
    await page.screenshot({ path: screenshotPath, fullPage: true });

    const problems = [...pageErrors.map((m) => `uncaught page error: ${m}`), ...check(result)];
    if (!('error' in result)) {
      console.log(
        `  gpu.js mode      ${result.gpuMode} (${result.renderer ?? 'renderer unknown'})`,
      );
      console.log(
        `  max |gpu - cpu|  ${result.maxAbsDiff.toExponential(3)} (tolerance ${ATOL} + ${RTOL}·|cpu|)`,
      );
      console.log(
        `  forward, warm    cpu ${result.cpuMs.toFixed(1)} ms, gpu ${result.gpuMs.toFixed(1)} ms`,
      );
      console.log(
        `  forward, first   cpu ${result.cpuFirstMs.toFixed(1)} ms, gpu ${result.gpuFirstMs.toFixed(1)} ms`,
      );
      console.log(
        `  predictions      cpu ${result.cpuPredictions.join(',')} / gpu ${result.gpuPredictions.join(',')}`,
      );
      console.log(
        `  gpu SGD losses   ${result.training.losses.map((l) => l.toFixed(4)).join(' → ')} (${result.training.msPerStep.toFixed(1)} ms/step)`,
      );
    }
    console.log(`  screenshot       ${screenshotPath}`);
    for (const problem of problems) console.log(`  problem: ${problem}`);
    console.log(
      problems.length === 0 ? 'PASS web e2e' : `FAIL web e2e (${problems.length} problem(s))`,
    );
    return problems.length === 0;
  } finally {
    await context?.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (err) => {
    console.log(`FAIL web e2e: ${err.stack ?? err}`);
    process.exit(1);
  },
);
