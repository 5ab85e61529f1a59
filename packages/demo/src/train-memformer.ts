import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualSeed } from '@tensorgrad/autograd';
import { noGrad, tensor, tidy, type Tensor } from '@tensorgrad/autograd';
import { AdamW } from '@tensorgrad/nn';
import { Memformer } from '@tensorgrad/models';
import { mulberry32 } from './data/shapes.js';
import { encodePng } from './image/png.js';
import { plotPanels } from './image/plot.js';
import { progressBar } from './progress.js';
import type { RunOptions } from './run-options.js';

/**
 * A recall task that needs memory across segments. Segment 1 shows one "key" token hidden
 * among filler tokens; segment 2 shows only filler and a query marker, and the decoder must
 * answer with the key. The answer is nowhere in segment 2, so without Memformer's memory the
 * best possible accuracy is chance (1 / NUM_KEYS).
 */
const PAD = 0;
const BOS = 1;
const QUERY = 2;
const NUM_KEYS = 8;
const FIRST_KEY = 3;
const NUM_TOKENS = 32;
const SEG_LEN = 8;

/** Options of the Memformer run. */
export type MemformerRunOptions = RunOptions;

/** What the Memformer run measured. */
export interface MemformerRunResult {
  readonly withMemory: number;
  readonly withoutMemory: number;
  readonly chance: number;
  readonly files: string[];
}

interface Episode {
  seg1: Int32Array;
  seg2: Int32Array;
  target: Int32Array;
  keys: Int32Array;
}

/** Draws `n` recall episodes from `seed`. */
function episodes(n: number, seed: number): Episode {
  const rand = mulberry32(seed);
  const filler = () =>
    FIRST_KEY + NUM_KEYS + Math.floor(rand() * (NUM_TOKENS - FIRST_KEY - NUM_KEYS));
  const seg1 = new Int32Array(n * SEG_LEN);
  const seg2 = new Int32Array(n * SEG_LEN);
  const target = new Int32Array(n * 2);
  const keys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = FIRST_KEY + Math.floor(rand() * NUM_KEYS);
    const at = Math.floor(rand() * SEG_LEN);
    for (let t = 0; t < SEG_LEN; t++) {
      seg1[i * SEG_LEN + t] = t === at ? key : filler();
      seg2[i * SEG_LEN + t] = t === 0 ? QUERY : filler();
    }
    target[i * 2] = BOS;
    target[i * 2 + 1] = key;
    keys[i] = key;
  }
  return { seg1, seg2, target, keys };
}

function tokens(values: Int32Array, n: number, len: number): Tensor {
  return tensor(values, { shape: [n, len], dtype: 'int32' });
}

/** Accuracy of the decoder's first answer token, reading segment 2 with or without memory. */
function recallAccuracy(model: Memformer, n: number, seed: number, useMemory: boolean): number {
  const e = episodes(n, seed);
  return tidy(() =>
    noGrad(() => {
      const mems = useMemory ? model.forward(tokens(e.seg1, n, SEG_LEN)).mem : undefined;
      const enc = model.forward(tokens(e.seg2, n, SEG_LEN), { mems }).encOut;
      const logits = model.decoder!.forward(
        tensor(
          Int32Array.from({ length: n }, () => BOS),
          { shape: [n, 1], dtype: 'int32' },
        ),
        { context: enc },
      );
      const predicted = logits.select(1, 0).argmax(-1).data();
      let right = 0;
      for (let i = 0; i < n; i++) if (predicted[i] === e.keys[i]) right++;
      return right / n;
    }),
  );
}

/** Trains Memformer on the recall task, then compares accuracy with memory against without. */
export function runMemformerDemo(o: MemformerRunOptions): MemformerRunResult {
  manualSeed(o.seed);
  const model = new Memformer({
    dim: 64,
    numMemorySlots: 4,
    numMemUpdates: 1,
    encNumTokens: NUM_TOKENS,
    encMaxSeqLen: SEG_LEN,
    encDepth: 2,
    encHeads: 4,
    decNumTokens: NUM_TOKENS,
    decMaxSeqLen: 4,
    decDepth: 1,
    decHeads: 4,
    memUpdateAttnHeads: 4,
  });
  const opt = new AdamW(model.parameters(), { lr: o.lr, weightDecay: 0.01 });
  o.log(
    `memformer: recall a key (1 of ${NUM_KEYS}) seen one segment earlier; ${model
      .parameters()
      .reduce((s, p) => s + p.size, 0)
      .toLocaleString('en')} parameters`,
  );
  const losses: [number, number][] = [];
  const accs: [number, number][] = [];
  const bar = progressBar(o.steps, 'seq');
  const started = performance.now();
  let smooth = NaN;
  for (let step = 1; step <= o.steps; step++) {
    const n = o.batchSize;
    const e = episodes(n, o.seed * 1_000_003 + step);
    const loss = tidy(() => {
      const seg1 = model.forward(tokens(e.seg1, n, SEG_LEN));
      // Segment 2 reads the memory segment 1 wrote; gradients flow back through it.
      const seg2 = model.forward(tokens(e.seg2, n, SEG_LEN), {
        tgt: tokens(e.target, n, 2),
        mems: seg1.mem,
      });
      opt.zeroGrad();
      seg2.decOut!.backward();
      opt.step();
      return seg2.decOut!.item();
    });
    smooth = Number.isNaN(smooth) ? loss : 0.9 * smooth + 0.1 * loss;
    losses.push([step, loss]);
    const acc =
      step % 20 === 0 || step === o.steps ? recallAccuracy(model, 64, o.seed + 17, true) : NaN;
    if (!Number.isNaN(acc)) accs.push([step, acc]);
    const seconds = (performance.now() - started) / 1000;
    bar.update(step, { loss: smooth, acc: accs.at(-1)?.[1] ?? 0, rate: (step * n) / seconds });
  }
  bar.stop();
  const withMemory = recallAccuracy(model, o.evalImages, o.seed + 99, true);
  const withoutMemory = recallAccuracy(model, o.evalImages, o.seed + 99, false);
  mkdirSync(o.out, { recursive: true });
  const checkpoint = join(o.out, 'memformer.safetensors');
  model.saveSafetensors(checkpoint);
  const plot = join(o.out, 'memformer-training.png');
  writeFileSync(
    plot,
    encodePng(
      plotPanels([
        { title: 'loss', series: [{ label: 'train', points: losses, rgb: [200, 60, 40] }] },
        {
          title: 'recall accuracy',
          yRange: [0, 1],
          series: [{ label: 'with memory', points: accs, rgb: [30, 150, 60] }],
        },
      ]),
    ),
  );
  void PAD;
  return { withMemory, withoutMemory, chance: 1 / NUM_KEYS, files: [checkpoint, plot] };
}
