/**
 * Row family `browser`: tensorgrad's gpu backend against TensorFlow.js's `webgl` backend in
 * headless Chromium (SwiftShader's WebGL2 on a machine without a GPU), in one page and run.
 *
 * The page (`browser/page.ts`, built to dist/) is bundled here with esbuild (vite's bundler,
 * already installed with the repository), from node_modules only: nothing is fetched. Two
 * swaps make the Node-side row code run in the page unchanged: `peers.js` becomes
 * `browser/peers.js` (tfjs with its webgl backend), and the two Node modules the harness uses
 * (`node:v8`, `node:vm`, for its garbage collection between samples) become no-ops — a page
 * cannot force a collection. The page is served from a throwaway local server, since module
 * scripts and WebGL want an http origin, and every other request is refused.
 *
 * Skipped, with the reason printed, when Chromium, playwright-core or esbuild is missing.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RowResult, SampleOptions } from './harness.js';
import type { BrowserBenchOptions, BrowserBenchReport } from './browser/page.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Debian's Chromium, unless `CHROMIUM_PATH` names another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** SwiftShader compiles every shader on the first pass, on two shared cores: be patient. */
const PAGE_TIMEOUT_MS = 30 * 60_000;

/** What the family gives: its rows and a line saying where they ran, or why it was skipped. */
export interface BrowserRows {
  rows: RowResult[];
  /** Renderer, Chromium version and gpu.js mode; or the reason the rows were skipped. */
  line: string;
  skipped: boolean;
}

/** Sizes of the browser rows (the quick mode shrinks them). */
export type BrowserSizes = Omit<BrowserBenchOptions, 'samples'>;

export const FULL_BROWSER_SIZES: BrowserSizes = {
  matmul: [128, 256, 512],
  addRows: 1024,
  softmax: [64, 1024],
  tinyVit: true,
};

/** The page's script as one ES module, or why it cannot be built (esbuild not installed). */
async function bundlePage(): Promise<{ code: string } | { missing: string }> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return { missing: 'esbuild is not installed (it comes with vite)' };
  }
  const nodeStubs: Record<string, string> = {
    'node:v8': 'export function setFlagsFromString() {}',
    'node:vm': 'export function runInNewContext() { return () => {}; }',
  };
  const result = await esbuild.build({
    entryPoints: [join(here, 'browser', 'page.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'browser-swaps',
        setup(build) {
          build.onResolve({ filter: /^\.\/peers\.js$/ }, (args) =>
            args.importer === join(here, 'tiny-vit.js')
              ? { path: join(here, 'browser', 'peers.js') }
              : undefined,
          );
          build.onResolve({ filter: /^node:(v8|vm)$/ }, (args) => ({
            path: args.path,
            namespace: 'node-stub',
          }));
          build.onLoad({ filter: /.*/, namespace: 'node-stub' }, (args) => ({
            contents: nodeStubs[args.path],
          }));
        },
      },
    ],
  });
  return { code: result.outputFiles[0]!.text };
}

/** Serves the page and its script on 127.0.0.1. */
async function serve(script: string): Promise<{ server: Server; origin: string }> {
  const html =
    '<!doctype html><meta charset="utf-8"><title>tensorgrad browser bench</title>' +
    '<script type="module" src="/page.js"></script>';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, origin: `http://127.0.0.1:${port}` };
}

const skip = (why: string): BrowserRows => ({
  rows: [],
  line: `skipped: ${why}`,
  skipped: true,
});

/** Runs the browser rows in headless Chromium, or says why they were skipped. */
export async function browserRows(
  sizes: BrowserSizes,
  samples: SampleOptions,
): Promise<BrowserRows> {
  if (!existsSync(CHROMIUM)) return skip(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return skip('playwright-core is not installed');
  }
  const bundle = await bundlePage();
  if ('missing' in bundle) return skip(bundle.missing);

  const { server, origin } = await serve(bundle.code);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-gpu-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.route('**/*', (route) =>
      route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort(),
    );
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.tensorgradBench !== undefined, null, {
      timeout: 60_000,
    });
    const options: BrowserBenchOptions = { ...sizes, samples };
    const report: BrowserBenchReport = await page.evaluate(
      (o) => window.tensorgradBench!.runBrowserRows(o),
      options,
    );
    if (errors.length > 0) throw new Error(`browser bench: page errors: ${errors.join('; ')}`);
    return {
      rows: report.rows,
      line:
        `Chromium ${browser.version()}, WebGL renderer "${report.renderer}", ` +
        `tensorgrad gpu.js mode ${report.mode}`,
      skipped: false,
    };
  } finally {
    await browser.close();
    server.close();
  }
}
