/**
 * Memory-replay back-propagation gives the gradients of full back-propagation through time,
 * and a few AdamW steps with it drive the loss down.
 */
import { describe, expect, it } from 'vitest';
import { manualSeed } from '@tensorgrad/autograd';
import { memory, randn, tensor, tidy, type Tensor } from '@tensorgrad/autograd';
import { AdamW } from '@tensorgrad/nn';
import {
  Memformer,
  memoryReplayBackprop,
  type MemformerOptions,
  type MemformerResults,
  type MemformerSegment,
} from '../src/memformer.js';

const OPTIONS: MemformerOptions = {
  dim: 16,
  numMemorySlots: 3,
  numMemUpdates: 2,
  encNumTokens: 12,
  encDepth: 1,
  encHeads: 2,
  encMaxSeqLen: 6,
  decNumTokens: 12,
  decDepth: 1,
  decHeads: 2,
  decMaxSeqLen: 6,
  memUpdateAttnHeads: 2,
};

const ids = (rows: number[][]): Tensor => tensor(rows, { dtype: 'int32' });
const mask = (rows: number[][]): Tensor => tensor(rows.map((r) => r.map((v) => v === 1)));

/** Three segments of a batch of two; the second has padding in both source and target. */
function threeSegments(): MemformerSegment[] {
  return [
    {
      src: ids([
        [1, 2, 3, 4, 5, 6],
        [7, 8, 9, 10, 11, 1],
      ]),
      tgt: ids([
        [1, 3, 5, 7, 9],
        [2, 4, 6, 8, 10],
      ]),
    },
    {
      src: ids([
        [2, 3, 4, 0, 0, 0],
        [5, 6, 7, 8, 9, 0],
      ]),
      srcMask: mask([
        [1, 1, 1, 0, 0, 0],
        [1, 1, 1, 1, 1, 0],
      ]),
      tgt: ids([
        [4, 5, 6, 0, 0],
        [1, 2, 3, 4, 0],
      ]),
      tgtMask: mask([
        [1, 1, 1, 0, 0],
        [1, 1, 1, 1, 0],
      ]),
    },
    {
      src: ids([
        [11, 10, 9, 8, 7, 6],
        [5, 4, 3, 2, 1, 11],
      ]),
      tgt: ids([
        [6, 5, 4, 3, 2],
        [11, 9, 7, 5, 3],
      ]),
    },
  ];
}

/** The same objective with one graph through all segments (back-propagation through time). */
function fullBackprop(
  model: Memformer,
  segments: MemformerSegment[],
  segmentLoss: (r: MemformerResults, i: number) => Tensor,
): number {
  let mems: Tensor | undefined;
  let total: Tensor | undefined;
  segments.forEach(({ src, tgt, srcMask, tgtMask }, i) => {
    const results = model.forward(src, { tgt, srcMask, tgtMask, mems });
    const loss = results.decOut!.add(segmentLoss(results, i));
    total = total === undefined ? loss : total.add(loss);
    mems = results.mem;
  });
  total!.backward();
  return total!.item() as number;
}

function gradients(model: Memformer): Map<string, Float32Array> {
  return new Map(
    model.namedParameters().map(([key, p]) => [key, p.grad!.value.data() as Float32Array]),
  );
}

describe('memoryReplayBackprop', () => {
  it('gives the gradients of full back-propagation through time over 3 segments', () => {
    manualSeed(11);
    const model = new Memformer(OPTIONS);
    const segments = threeSegments();
    // An extra loss on every segment's memory and encoder output, so that gradients reach the
    // memory from inside each segment as well as from later ones.
    const weights = [0, 1, 2].map(() => ({ mem: randn([2, 3, 16]), enc: randn([2, 6, 16]) }));
    const segmentLoss = (r: MemformerResults, i: number): Tensor =>
      r.mem.mul(weights[i]!.mem).sum().add(r.encOut.mul(weights[i]!.enc).sum().mul(0.1));

    model.zeroGrad();
    const fullLoss = fullBackprop(model, segments, segmentLoss);
    const expected = gradients(model);

    model.zeroGrad();
    const replayLoss = memoryReplayBackprop(model, segments, { segmentLoss });
    const actual = gradients(model);

    expect(Math.abs(replayLoss - fullLoss)).toBeLessThan(1e-4 * Math.abs(fullLoss));
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    let worst = { key: '', ratio: 0 };
    for (const [key, want] of expected) {
      const got = actual.get(key)!;
      want.forEach((w, i) => {
        const ratio = Math.abs(got[i]! - w) / (1e-5 + 1e-4 * Math.abs(w));
        if (ratio > worst.ratio) worst = { key, ratio };
      });
    }
    console.log(
      `mrbp vs bptt worst: ${worst.key} at ${(100 * worst.ratio).toFixed(1)}% of atol 1e-5 + rtol 1e-4`,
    );
    expect(worst.ratio).toBeLessThanOrEqual(1);
    // The gradient has to cross two segment boundaries to reach the initial memory.
    expect(Math.max(...[...actual.get('memory_slots')!].map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('holds the activations of one segment at a time, and frees everything it made', () => {
    manualSeed(12);
    const model = new Memformer(OPTIONS);
    const base = threeSegments();
    const two = [base[0]!, base[1]!];
    const six = [...base, ...base];
    // Live tensors just after each replayed segment's forward pass (before its backward).
    const peak = (segments: MemformerSegment[]): number => {
      let most = 0;
      memoryReplayBackprop(model, segments, {
        segmentLoss: () => {
          most = Math.max(most, memory().tensors);
          return undefined;
        },
      });
      return most;
    };
    peak(two); // creates the parameters' .grad tensors, which live on
    const before = memory().tensors;
    const growth = peak(six) - peak(two);
    expect(memory().tensors).toBe(before);

    // The same forward passes kept in one graph, as back-propagation through time needs.
    const fullGraph = (segments: MemformerSegment[]): number =>
      tidy(() => {
        let mems: Tensor | undefined;
        for (const { src, tgt, srcMask, tgtMask } of segments)
          mems = model.forward(src, { tgt, srcMask, tgtMask, mems }).mem;
        return memory().tensors;
      });
    const fullGrowth = fullGraph(six) - fullGraph(two);
    console.log(
      `live tensors added by 4 more segments: replay ${growth}, full graph ${fullGrowth}`,
    );
    // Four more segments add four saved memories to the replay buffer, and nothing else.
    expect(growth).toBeLessThanOrEqual(4);
    expect(fullGrowth).toBeGreaterThan(100);
  });

  it('rejects an empty segment list', () => {
    expect(() => memoryReplayBackprop(new Memformer(OPTIONS), [])).toThrow(/no segments/);
  });
});

describe('training', () => {
  it('lowers the loss of one small batch within a few AdamW steps', () => {
    manualSeed(5);
    const model = new Memformer(OPTIONS);
    const optimizer = new AdamW(model.parameters(), { lr: 1e-2 });
    const segments = threeSegments();
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) {
      model.zeroGrad();
      losses.push(memoryReplayBackprop(model, segments));
      optimizer.step();
    }
    console.log(`training losses: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
    expect(losses.at(-1)!).toBeLessThan(0.7 * losses[0]!);
  });
});
