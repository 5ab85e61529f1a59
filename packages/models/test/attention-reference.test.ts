/**
 * Each network's attention block against a hand-written reference (test/reference.ts: plain
 * loops in float64, no tensorgrad op): `softmax(q kᵀ / √dimHead) v` per head, with the block's
 * own norm, projections, masks, memories or context. Sizes are chosen so that mistakes cannot
 * cancel out: dimHead ≠ dim / heads (a scale taken from the wrong width differs), more keys
 * than queries (a transposed product has the wrong shape or the wrong values), random
 * LayerNorm gains and biases, and non-square feature maps.
 */
import { describe, expect, test } from 'vitest';
import { manualSeed, noGrad, randn, tensor, type Tensor } from '@tensorgrad/autograd';
import type { Conv2d, LayerNorm, Linear } from '@tensorgrad/nn';
import { atsVit, crossVit, learnableMemoryVit, memformer, scalableVit } from '@tensorgrad/models';
import {
  add,
  attention,
  columns,
  expectClose,
  layerNorm,
  linear,
  perturbParameters,
  rowsOf,
  vectorOf,
  type Matrix,
} from './reference.js';

manualSeed(20261202);

const batches = (t: Tensor): Matrix[] => t.toArray() as Matrix[];
const weight = (l: Linear): Matrix => rowsOf(l.weight);
const bias = (l: Linear): number[] | undefined => (l.bias === null ? undefined : vectorOf(l.bias));
const norm = (ln: LayerNorm, x: Matrix): Matrix =>
  layerNorm(x, vectorOf(ln.weight!), vectorOf(ln.bias!), ln.eps);

/** The four parts of a pre-norm attention block (its output linear out of its Sequential). */
function partsOf(attn: {
  norm: LayerNorm;
  toQ: Linear;
  toKv: Linear;
  toOut: { get(i: number): unknown };
}): { norm: LayerNorm; toQ: Linear; toKv: Linear; toOut: Linear } {
  return { norm: attn.norm, toQ: attn.toQ, toKv: attn.toKv, toOut: attn.toOut.get(0) as Linear };
}

/**
 * The pre-norm attention of learnable-memory ViT, CrossViT and ATS-ViT: `q` from the normalised
 * tokens, keys and values from `kvInput(normalised)`, heads concatenated, then `toOut`.
 */
function preNormAttention(
  parts: { norm: LayerNorm; toQ: Linear; toKv: Linear; toOut: Linear },
  x: Matrix,
  heads: number,
  dimHead: number,
  kvInput: (normalised: Matrix) => Matrix = (n) => n,
  allowed?: (i: number, j: number) => boolean,
): Matrix {
  const inner = heads * dimHead;
  const xn = norm(parts.norm, x);
  const q = linear(xn, weight(parts.toQ));
  const kv = linear(kvInput(xn), weight(parts.toKv));
  const k = columns(kv, 0, inner);
  const v = columns(kv, inner, 2 * inner);
  const out = attention(q, k, v, heads, dimHead ** -0.5, allowed);
  return linear(out, weight(parts.toOut), bias(parts.toOut));
}

describe('learnable-memory ViT attention', () => {
  test.each([
    [1, 5],
    [2, 3],
  ])('heads %i of %i: softmax(q kᵀ / √dimHead) v after the LayerNorm', (heads, dimHead) => {
    const attn = new learnableMemoryVit.Attention(6, { heads, dimHead });
    perturbParameters(attn);
    const x = randn([2, 5, 6]);
    const out = noGrad(() => attn.forward(x));
    const parts = partsOf(attn);
    const expected = batches(x).map((xb) => preNormAttention(parts, xb, heads, dimHead));
    expectClose(out, expected, 'attention');
  });

  test('memories join the keys and values un-normalised; the mask keeps queries off them', () => {
    const [heads, dimHead] = [2, 3];
    const attn = new learnableMemoryVit.Attention(6, { heads, dimHead });
    perturbParameters(attn);
    const x = randn([2, 4, 6]);
    const memories = randn([3, 6]);
    // query i may attend to key j (4 tokens, then 3 memories) when (i + j) is not 1 mod 3
    const maskRows = Array.from({ length: 4 }, (_, i) =>
      Array.from({ length: 7 }, (_, j) => (i + j) % 3 !== 1),
    );
    const out = noGrad(() => attn.forward(x, { memories, attnMask: tensor(maskRows) }));
    const parts = partsOf(attn);
    const expected = batches(x).map((xb) =>
      preNormAttention(
        parts,
        xb,
        heads,
        dimHead,
        (n) => [...n, ...rowsOf(memories)],
        (i, j) => maskRows[i]![j]!,
      ),
    );
    expectClose(out, expected, 'attention with memories');
  });

  test('a transformer layer adds each block to its input (residuals)', () => {
    const t = new learnableMemoryVit.Transformer(6, 1, 2, 3, 8);
    perturbParameters(t);
    const x = randn([2, 4, 6]);
    const out = noGrad(() => t.forward(x));
    const layer = t.layers.get(0)!;
    const attn = layer.get(0) as learnableMemoryVit.Attention;
    const ff = layer.get(1) as learnableMemoryVit.FeedForward;
    const expected = batches(x).map((xb) => {
      const parts = partsOf(attn);
      const h = add(preNormAttention(parts, xb, 2, 3), xb);
      const ffOut = rowsOf(noGrad(() => ff.forward(tensor(h))));
      return add(ffOut, h);
    });
    expectClose(out, expected, 'transformer layer');
  });
});

describe('CrossViT', () => {
  test('self-attention of a branch: softmax(q kᵀ / √dimHead) v after the LayerNorm', () => {
    const attn = new crossVit.Attention(6, { heads: 2, dimHead: 4 });
    perturbParameters(attn);
    const x = randn([2, 5, 6]);
    const out = noGrad(() => attn.forward(x));
    const parts = partsOf(attn);
    expectClose(
      out,
      batches(x).map((xb) => preNormAttention(parts, xb, 2, 4)),
      'attention',
    );
  });

  test('cross-attention: the CLS token (normalised) attends to itself and the raw context', () => {
    const attn = new crossVit.Attention(6, { heads: 2, dimHead: 4 });
    perturbParameters(attn);
    const cls = randn([2, 1, 6]);
    const context = randn([2, 5, 6]);
    const out = noGrad(() => attn.forward(cls, { context, kvIncludeSelf: true }));
    const parts = partsOf(attn);
    const ctx = batches(context);
    const expected = batches(cls).map((xb, b) =>
      preNormAttention(parts, xb, 2, 4, (n) => [...n, ...ctx[b]!]),
    );
    expectClose(out, expected, 'cross-attention');
  });

  test('CrossTransformer: each CLS token, projected in and out, attends to the other branch; patch tokens pass through', () => {
    const [smDim, lgDim, heads, dimHead] = [6, 10, 2, 4];
    const cross = new crossVit.CrossTransformer(smDim, lgDim, 1, heads, dimHead);
    perturbParameters(cross);
    const sm = randn([2, 4, smDim]);
    const lg = randn([2, 3, lgDim]);
    const [smOut, lgOut] = noGrad(() => cross.forward(sm, lg));

    const [smAttendLg, lgAttendSm] = [...cross.layers.get(0)!] as crossVit.ProjectInOut[];
    /** `projectOut(attn(projectIn(cls), context = other patches, kvIncludeSelf)) + cls`. */
    const branch = (p: crossVit.ProjectInOut, cls: Matrix, otherPatches: Matrix): Matrix => {
      const inner = linear(cls, weight(p.projectIn as Linear), bias(p.projectIn as Linear));
      const parts = partsOf(p.fn);
      const attended = preNormAttention(parts, inner, heads, dimHead, (n) => [
        ...n,
        ...otherPatches,
      ]);
      return add(
        linear(attended, weight(p.projectOut as Linear), bias(p.projectOut as Linear)),
        cls,
      );
    };
    const [smB, lgB] = [batches(sm), batches(lg)];
    const smExpected = smB.map((s, b) => [
      ...branch(smAttendLg!, s.slice(0, 1), lgB[b]!.slice(1)),
      ...s.slice(1),
    ]);
    const lgExpected = lgB.map((l, b) => [
      ...branch(lgAttendSm!, l.slice(0, 1), smB[b]!.slice(1)),
      ...l.slice(1),
    ]);
    expectClose(smOut, smExpected, 'small branch');
    expectClose(lgOut, lgExpected, 'large branch');
  });
});

describe('ATS-ViT attention (no sampling)', () => {
  test('softmax(q kᵀ / √dimHead) v; padding keys get no weight, padding queries average every value', () => {
    const [heads, dimHead] = [2, 3];
    const attn = new atsVit.Attention(6, { heads, dimHead });
    perturbParameters(attn);
    const x = randn([2, 5, 6]);
    const maskRows = [
      [true, true, true, true, true],
      [true, true, false, true, false],
    ];
    const [out, mask, kept] = noGrad(() => attn.forward(x, { mask: tensor(maskRows) }));
    expect(kept).toBeNull();
    expect(mask?.toArray()).toEqual(maskRows);

    const toQkv = weight(attn.toQkv);
    const toOut = attn.toOut.get(0) as Linear;
    const inner = heads * dimHead;
    const expected = batches(x).map((xb, b) => {
      const qkv = linear(norm(attn.norm, xb), toQkv);
      const [q, k, v] = [0, 1, 2].map((c) => columns(qkv, c * inner, (c + 1) * inner));
      const real = maskRows[b]!;
      const o = attention(q!, k!, v!, heads, dimHead ** -0.5, (i, j) => real[i]! && real[j]!);
      return linear(o, weight(toOut), bias(toOut));
    });
    expectClose(out, expected, 'attention');
  });
});

describe('Memformer attention', () => {
  /** `toOut(attention(toQ x, toKv kvInput))` with biases everywhere and no norm. */
  function reference(
    attn: memformer.Attention,
    x: Matrix,
    kvInput: Matrix,
    allowed?: (i: number, j: number) => boolean,
  ): Matrix {
    const dim = x[0]!.length;
    const q = linear(x, weight(attn.toQ), bias(attn.toQ));
    const kv = linear(kvInput, weight(attn.toKv), bias(attn.toKv));
    const out = attention(
      q,
      columns(kv, 0, dim),
      columns(kv, dim, 2 * dim),
      attn.heads,
      (dim / attn.heads) ** -0.5,
      allowed,
    );
    return linear(out, weight(attn.toOut), bias(attn.toOut));
  }

  test('causal self-attention: query i sees keys 0..i only', () => {
    const attn = new memformer.Attention(8, { heads: 2, causal: true });
    perturbParameters(attn);
    const x = randn([2, 5, 8]);
    const out = noGrad(() => attn.forward(x));
    expectClose(
      out,
      batches(x).map((xb) => reference(attn, xb, xb, (i, j) => j <= i)),
      'causal attention',
    );
  });

  test('cross-attention with query and key padding masks', () => {
    const attn = new memformer.Attention(8, { heads: 4 });
    perturbParameters(attn);
    const x = randn([2, 3, 8]);
    const context = randn([2, 6, 8]);
    const queryRows = [
      [true, true, false],
      [true, true, true],
    ];
    const keyRows = [
      [true, false, true, true, false, true],
      [true, true, true, true, true, false],
    ];
    const out = noGrad(() =>
      attn.forward(x, { context, queryMask: tensor(queryRows), kvMask: tensor(keyRows) }),
    );
    const ctx = batches(context);
    const expected = batches(x).map((xb, b) =>
      reference(attn, xb, ctx[b]!, (i, j) => queryRows[b]![i]! && keyRows[b]![j]!),
    );
    expectClose(out, expected, 'masked cross-attention');
  });

  test('the memory update: slots attend to themselves and the encoder output (attendSelf, mask)', () => {
    const attn = new memformer.Attention(8, { heads: 2 });
    perturbParameters(attn);
    const mems = randn([1, 3, 8]);
    const enc = randn([1, 4, 8]);
    const srcMask = tensor([[true, true, false, true]]);
    const mask = memformer.memoryUpdateMask(1, 3, 4, srcMask);
    const out = noGrad(() => attn.forward(mems, { context: enc, mask, attendSelf: true }));
    const m = batches(mems)[0]!;
    const allowedRows = (mask.toArray() as boolean[][][])[0]!;
    const expected = [
      reference(attn, m, [...m, ...batches(enc)[0]!], (i, j) => allowedRows[i]![j]!),
    ];
    expectClose(out, expected, 'memory update');
  });
});

describe('ScalableViT scalable self-attention', () => {
  /** A 2-D convolution without padding, `x [c][h][w]` → `[o][h'][w']`. */
  function conv(x: number[][][], conv2d: Conv2d): number[][][] {
    const w = conv2d.weight.toArray() as number[][][][];
    const b = conv2d.bias === null ? null : vectorOf(conv2d.bias);
    const [kh, kw] = conv2d.kernelSize;
    const stride = kh; // these convolutions stride by their kernel (1 or the reduction factor)
    const [h, wd] = [x[0]!.length, x[0]![0]!.length];
    const [oh, ow] = [Math.floor((h - kh) / stride) + 1, Math.floor((wd - kw) / stride) + 1];
    return w.map((wo, o) =>
      Array.from({ length: oh }, (_, i) =>
        Array.from({ length: ow }, (_, j) => {
          let s = b === null ? 0 : b[o]!;
          wo.forEach((wc, c) => {
            for (let di = 0; di < kh; di++)
              for (let dj = 0; dj < kw; dj++)
                s += wc[di]![dj]! * x[c]![i * stride + di]![j * stride + dj]!;
          });
          return s;
        }),
      ),
    );
  }
  /** `[c][h][w]` → pixels in row-major order, each a row of channels. */
  const pixels = (x: number[][][]): Matrix =>
    x[0]!.flatMap((row, i) => row.map((_, j) => x.map((ch) => ch[i]![j]!)));
  /** Pixels back to `[c][h][w]`. */
  const image = (p: Matrix, h: number, w: number): number[][][] =>
    p[0]!.map((_, c) =>
      Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => p[i * w + j]![c]!)),
    );

  test('every pixel attends to the map shrunk by the reduction factor (4x6 map, factor 2)', () => {
    const [dim, heads, dimKey, dimValue] = [5, 2, 3, 4];
    const ssa = new scalableVit.ScalableSelfAttention(dim, {
      heads,
      dimKey,
      dimValue,
      reductionFactor: 2,
    });
    perturbParameters(ssa);
    const x = randn([2, dim, 4, 6]);
    const out = noGrad(() => ssa.forward(x));

    const g = vectorOf(ssa.norm.g);
    const nb = vectorOf(ssa.norm.b);
    const expected = (x.toArray() as number[][][][]).map((xb) => {
      // ChanLayerNorm: each pixel normalised over its channels
      const normed = image(layerNorm(pixels(xb), g, nb, ssa.norm.eps), 4, 6);
      const q = pixels(conv(normed, ssa.toQ));
      const k = pixels(conv(normed, ssa.toK));
      const v = pixels(conv(normed, ssa.toV));
      expect(k.length).toBe(2 * 3);
      const o = attention(q, k, v, heads, dimKey ** -0.5);
      return conv(image(o, 4, 6), ssa.toOut.get(0) as Conv2d);
    });
    expectClose(out, expected, 'scalable self-attention');
  });
});

test('the references themselves: one head over two keys by hand', () => {
  // q = [1, 0], keys [1, 0] and [0, 1], scale 1: weights softmax([1, 0]) on values 10 and 20
  const out = attention(
    [[1, 0]],
    [
      [1, 0],
      [0, 1],
    ],
    [[10], [20]],
    1,
    1,
  );
  const w = Math.exp(1) / (Math.exp(1) + 1);
  expect(out[0]![0]).toBeCloseTo(10 * w + 20 * (1 - w), 12);
  // a query that may attend to nothing averages every value
  expect(
    attention(
      [[1, 0]],
      [
        [1, 0],
        [0, 1],
      ],
      [[10], [20]],
      1,
      1,
      () => false,
    )[0]![0],
  ).toBe(15);
  expect(
    linear(
      [[1, 2]],
      [
        [3, 4],
        [5, 6],
      ],
      [1, -1],
    ),
  ).toEqual([[12, 16]]);
});
