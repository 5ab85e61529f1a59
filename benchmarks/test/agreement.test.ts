/**
 * The quick mode's rows at tiny sizes: every framework must compute the same numbers, so that
 * the timings compare like with like. (Times are never asserted.)
 */
import { describe, expect, it } from 'vitest';
import { parseArguments } from '../src/cli.js';
import { measure, type RowResult, type Timing } from '../src/harness.js';
import { markdownTable } from '../src/report.js';
import { matmulContenders } from '../src/matmul.js';
import { modelCases, modelRows } from '../src/models.js';
import { addContenders, convContenders, softmaxContenders } from '../src/ops.js';
import { tinyVitData, tinyVitImpls, type TinyVitConfig } from '../src/tiny-vit.js';
import type { Contender } from '../src/harness.js';

type Results = Map<string, ArrayLike<number>>;

const WEIGHTS = [
  'blocks.0.fc1.weight',
  'blocks.0.to_v.weight',
  'blocks.0.to_q.weight',
  'embed.weight',
  'pos_embedding',
];

async function runOnce(contenders: Contender[]): Promise<void> {
  for (const c of contenders) {
    await c.before?.();
    c.run();
    c.dispose?.();
  }
}

function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol: number,
  rtol: number,
  what: string,
): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    worst = Math.max(worst, excess);
  }
  expect(worst, `${what}: worst excess over atol + rtol·|expected|`).toBeLessThanOrEqual(0);
}

function expectAllAgree(
  results: Results,
  atol: number,
  rtol: number,
  transform: (name: string, v: ArrayLike<number>) => ArrayLike<number> = (_, v) => v,
): void {
  const reference = results.get('tensorgrad')!;
  expect(results.size).toBeGreaterThan(1);
  for (const [name, values] of results)
    expectClose(transform(name, values), reference, atol, rtol, name);
}

describe('rows agree across frameworks (float32)', () => {
  it('matmul', async () => {
    const results: Results = new Map();
    await runOnce(await matmulContenders(24, results));
    expect([...results.keys()]).toEqual(['tensorgrad', 'tfjs-cpu', 'tfjs-wasm', 'js-pytorch']);
    expectAllAgree(results, 1e-5, 1e-4);
  });

  it('add and softmax', async () => {
    const add: Results = new Map();
    await runOnce(await addContenders(2048, add));
    expectAllAgree(add, 0, 1e-6);
    const softmax: Results = new Map();
    await runOnce(await softmaxContenders([4, 64], softmax));
    expectAllAgree(softmax, 1e-7, 1e-5);
  });

  it('conv2d (tfjs results are NHWC)', async () => {
    const [n, c, h, w] = [2, 3, 5, 4];
    const results: Results = new Map();
    await runOnce(await convContenders([n, c, h, w], results));
    const toNchw = (name: string, v: ArrayLike<number>) => {
      if (!name.startsWith('tfjs')) return v;
      const out = new Float32Array(v.length);
      for (let b = 0; b < n; b++)
        for (let ch = 0; ch < c; ch++)
          for (let y = 0; y < h; y++)
            for (let x = 0; x < w; x++)
              out[((b * c + ch) * h + y) * w + x] = v[((b * h + y) * w + x) * c + ch];
      return out;
    };
    expectAllAgree(results, 1e-5, 1e-4, toNchw);
  });

  it('tiny ViT: logits, losses and updated weights after two SGD steps', async () => {
    const config: TinyVitConfig = {
      batch: 2,
      tokens: 5,
      inFeatures: 6,
      dim: 8,
      heads: 2,
      mlpDim: 16,
      depth: 1,
      classes: 3,
      lr: 0.05,
    };
    const data = tinyVitData(config);
    const impls = await tinyVitImpls(data);
    const got = new Map<
      string,
      { logits: ArrayLike<number>; losses: number[]; weights: Float32Array[] }
    >();
    for (const [name, { impl, before }] of impls) {
      await before?.();
      const logits = Array.from(impl.infer());
      const losses = [impl.step(), impl.step()];
      got.set(name, { logits, losses, weights: WEIGHTS.map((k) => impl.param(k)) });
      impl.dispose();
    }
    const reference = got.get('tensorgrad')!;
    for (const [name, g] of got) {
      // js-pytorch's GELU is the tanh form (|difference| < 1e-3): looser there.
      const [atol, rtol] = name === 'js-pytorch' ? [2e-3, 2e-3] : [1e-5, 1e-4];
      expectClose(g.logits, reference.logits, atol, rtol, `${name} logits`);
      expectClose(g.losses, reference.losses, atol, rtol, `${name} losses`);
      g.weights.forEach((w, i) => {
        // js-pytorch's gradients upstream of the attention probabilities (q, k, norm1, embed,
        // pos) are off by ~1e-3 after one step (its backward of the broadcast softmax
        // divisor, it seems); those downstream of them agree to 1e-6.
        if (name === 'js-pytorch' && !WEIGHTS[i].includes('to_v') && !WEIGHTS[i].includes('fc1'))
          return;
        expectClose(w, reference.weights[i], atol, rtol, `${name} ${WEIGHTS[i]}`);
      });
    }
  });
});

describe('model rows', () => {
  it('run forward and forward + backward at the parity sizes', async () => {
    const rows = await modelRows(
      modelCases().filter((c) => c.size === 'parity'),
      { warmup: 0, samples: 1 },
    );
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(row.timings[0].medianMs).toBeGreaterThan(0);
  });
});

describe('measure', () => {
  it('interleaves contenders and reports medians', async () => {
    const order: string[] = [];
    const timings = await measure(
      ['a', 'b'].map((name) => ({ name, run: () => void order.push(name) })),
      { warmup: 1, samples: 3 },
    );
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    expect(timings.map((t) => t.samples)).toEqual([3, 3]);
  });
});

describe('parseArguments', () => {
  it('reads the flags and rejects unknown ones', () => {
    const o = parseArguments(['--quick', '--json', 'r.json', '--only', 'matmul,ops']);
    expect(o.quick).toBe(true);
    expect(o.json).toBe('r.json');
    expect(parseArguments(['--before', 'old.json']).before).toBe('old.json');
    expect([...o.only]).toEqual(['matmul', 'ops']);
    expect(() => parseArguments(['--fast'])).toThrow(/unknown argument --fast/);
    expect(() => parseArguments(['--only', 'gpu'])).toThrow(/unknown row family gpu/);
  });
});

describe('markdownTable with an earlier run', () => {
  const timing = (name: string, medianMs: number): Timing => ({
    name,
    medianMs,
    minMs: medianMs,
    maxMs: medianMs,
    samples: 3,
  });
  const row = (tg: number, peer: number): RowResult => ({
    family: 'ops',
    name: 'add',
    timings: [timing('tensorgrad', tg), timing('tfjs-wasm', peer)],
    notes: [],
  });
  it('shows the earlier median and each ratio as before → now', () => {
    const table = markdownTable([row(2, 4)], new Map([['ops/add', row(6, 3)]]));
    expect(table).toContain(
      '| row | tensorgrad before | tensorgrad | tfjs-wasm | tg / tfjs-wasm (before → now) |',
    );
    expect(table).toContain('| add | 6.00 ms | 2.00 ms');
    expect(table).toContain('| 2.00 → 0.50 |');
  });
  it('without an earlier run, the plain columns', () => {
    expect(markdownTable([row(2, 4)])).toContain(
      '| row | tensorgrad | tfjs-wasm | tg / tfjs-wasm |',
    );
  });
});
