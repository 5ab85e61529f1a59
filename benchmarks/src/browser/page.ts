/**
 * The page side of the browser rows (bundled for Chromium by `../browser.ts`): tensorgrad on its
 * gpu backend (gpu.js on WebGL2) against TensorFlow.js on its `webgl` backend, in one page,
 * interleaved sample by sample with `measure` from the harness, every sample reading its result
 * back to a typed array (that is where a WebGL backend waits for its work).
 */
import * as ag from '@tensorgrad/autograd';
import * as gpujs from 'gpu.js';
import type { Contender, RowResult, SampleOptions, Timing } from '../harness.js';
import { measure, seededValues, withRate } from '../harness.js';
import { TINY_VIT, tinyVitData, tensorgradTinyVit, tfTinyVit } from '../tiny-vit.js';
import { initPeers, tf } from './peers.js';

/** What the Node side asks for. */
export interface BrowserBenchOptions {
  /** Square matmul sizes. */
  matmul: number[];
  /** Rows of the [rows, 1024] add operands. */
  addRows: number;
  /** Softmax input [rows, cols], over the last axis. */
  softmax: [number, number];
  /** Whether to run the tiny-ViT inference and training-step rows. */
  tinyVit: boolean;
  samples: SampleOptions;
}

/** What the page reports back. */
export interface BrowserBenchReport {
  /** The unmasked WebGL renderer string (e.g. SwiftShader's), if the browser tells it. */
  renderer: string;
  /** gpu.js's mode for tensorgrad's gpu backend (`webgl2` expected). */
  mode: string;
  userAgent: string;
  rows: RowResult[];
}

const TFJS = 'tfjs-webgl';

/** The unmasked renderer string of a throwaway WebGL2 context. */
function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return 'no WebGL2';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return String(renderer);
}

/** Largest |tensorgrad − tfjs| of the last results, as a note: a wrong kernel shows up here. */
function agreement(results: Map<string, ArrayLike<number>>): string {
  const mine = results.get('tensorgrad');
  const theirs = results.get(TFJS);
  if (mine === undefined || theirs === undefined) return 'no results to compare';
  let gap = mine.length === theirs.length ? 0 : Infinity;
  for (let i = 0; i < mine.length && gap !== Infinity; i++) {
    const d = Math.abs(mine[i]! - theirs[i]!);
    gap = Number.isNaN(d) ? Infinity : Math.max(gap, d);
  }
  return `max |tensorgrad − ${TFJS}| ${gap.toExponential(1)}`;
}

/** One row: `work(framework)` builds each side's sample; results are kept for the agreement. */
async function row(
  name: string,
  samples: SampleOptions,
  make: (results: Map<string, ArrayLike<number>>) => Contender[],
  flops?: number,
): Promise<RowResult> {
  const results = new Map<string, ArrayLike<number>>();
  const contenders = make(results);
  let timings: Timing[] = await measure(contenders, samples);
  for (const c of contenders) c.dispose?.();
  if (flops !== undefined) timings = withRate(timings, flops);
  return {
    family: 'browser',
    name,
    rateUnit: flops === undefined ? undefined : 'GFLOP/s',
    timings,
    notes: [`${name}: ${agreement(results)}`],
  };
}

/** Contenders computing `f` on both sides from the same host values. */
function pair(
  inputs: { values: Float32Array; shape: number[] }[],
  mine: (xs: ag.Tensor[]) => ag.Tensor,
  theirs: (xs: tf.Tensor[]) => tf.Tensor,
  results: Map<string, ArrayLike<number>>,
): Contender[] {
  const tgInputs = inputs.map(({ values, shape }) => ag.tensor(values, { shape }));
  const tfInputs = inputs.map(({ values, shape }) => tf.tensor(values, shape));
  return [
    {
      name: 'tensorgrad',
      run: () => {
        const out = mine(tgInputs);
        results.set('tensorgrad', out.data() as Float32Array);
        out.dispose();
      },
      dispose: () => tgInputs.forEach((t) => t.dispose()),
    },
    {
      name: TFJS,
      run: () => {
        const out = theirs(tfInputs);
        results.set(TFJS, out.dataSync() as Float32Array);
        out.dispose();
      },
      dispose: () => tfInputs.forEach((t) => t.dispose()),
    },
  ];
}

/** Runs every browser row; the page's entry point (`window.tensorgradBench`). */
export async function runBrowserRows(options: BrowserBenchOptions): Promise<BrowserBenchReport> {
  ag.provideGpuJs(gpujs);
  ag.setBackend('gpu');
  const info = ag.backendInfo();
  if (info.name !== 'gpu' || (info.mode !== 'webgl2' && info.mode !== 'webgl')) {
    throw new Error(
      `browser bench: tensorgrad's gpu backend runs in ${info.mode ?? info.name} here, ` +
        `expected gpu.js on WebGL (${info.reason})`,
    );
  }
  await initPeers();
  const { samples } = options;
  const rows: RowResult[] = [];

  for (const n of options.matmul) {
    const a = { values: seededValues(n * n, 1), shape: [n, n] };
    const b = { values: seededValues(n * n, 2), shape: [n, n] };
    rows.push(
      await row(
        `matmul ${n}×${n}`,
        samples,
        (r) =>
          pair(
            [a, b],
            ([x, y]) => x!.matmul(y!),
            ([x, y]) => tf.matMul(x!, y!),
            r,
          ),
        2 * n ** 3,
      ),
    );
  }

  const addShape = [options.addRows, 1024];
  const addSize = options.addRows * 1024;
  const addA = { values: seededValues(addSize, 3), shape: addShape };
  const addB = { values: seededValues(addSize, 4), shape: addShape };
  rows.push(
    await row(`add [${addShape.join(', ')}]`, samples, (r) =>
      pair(
        [addA, addB],
        ([x, y]) => x!.add(y!),
        ([x, y]) => tf.add(x!, y!),
        r,
      ),
    ),
  );

  const [rowsS, colsS] = options.softmax;
  const sx = { values: seededValues(rowsS * colsS, 5, 4), shape: [rowsS, colsS] };
  rows.push(
    await row(`softmax [${rowsS}, ${colsS}] (last axis)`, samples, (r) =>
      pair(
        [sx],
        ([x]) => x!.softmax(-1),
        ([x]) => tf.softmax(x!, -1),
        r,
      ),
    ),
  );

  if (options.tinyVit) rows.push(...(await tinyVitRows(samples)));
  return { renderer: webglRenderer(), mode: info.mode, userAgent: navigator.userAgent, rows };
}

/** The tiny ViT of `../tiny-vit.ts`, forward-only and one SGD step, on both sides. */
async function tinyVitRows(samples: SampleOptions): Promise<RowResult[]> {
  const data = tinyVitData(TINY_VIT);
  const c = TINY_VIT;
  const size = `batch ${c.batch} × ${c.tokens} tokens, dim ${c.dim}, depth ${c.depth}`;
  const out: RowResult[] = [];
  for (const mode of ['inference', 'training step'] as const) {
    // The first result of each side: later training steps differ in number between the sides.
    const results = new Map<string, ArrayLike<number>>();
    const keep = (name: string, values: ArrayLike<number>) =>
      results.has(name) || results.set(name, values);
    const mine = tensorgradTinyVit(data);
    // `tfTinyVit` uses its backend argument only to name its variables.
    const theirs = tfTinyVit(data, 'webgl' as never);
    const contender = (name: string, impl: typeof mine): Contender => ({
      name,
      run:
        mode === 'inference'
          ? () => void keep(name, Float32Array.from(impl.infer()))
          : () => void keep(name, [impl.step()]),
    });
    const timings = await measure(
      [contender('tensorgrad', mine), contender(TFJS, theirs)],
      samples,
    );
    mine.dispose();
    theirs.dispose();
    const name = `tiny ViT ${mode} (${size})`;
    out.push({ family: 'browser', name, timings, notes: [`${name}: ${agreement(results)}`] });
  }
  return out;
}

declare global {
  interface Window {
    tensorgradBench?: { runBrowserRows: typeof runBrowserRows };
  }
}

window.tensorgradBench = { runBrowserRows };
