/**
 * `pad` in its four modes: values and gradients pinned against torch 1.13, a naive loop
 * reference on random shapes and pads, torch's error conditions, dtypes, views, and the
 * argument forms. (gradcheck, gradgradcheck and the gpu agreement run from op-samples.ts.)
 */
import { describe, expect, test } from 'vitest';
import {
  type PadMode,
  type Tensor,
  Generator,
  arange,
  gradcheck,
  gradgradcheck,
  pad,
  randn,
  tensor,
  zeros,
} from '@tensorgrad/autograd';
import { F } from '@tensorgrad/nn';
import { tensor as rawTensor } from '@tensorgrad/tensor';

/** One dim of the naive reference: the padded line, or null where the mode cannot pad it. */
function padLine(
  line: number[],
  before: number,
  after: number,
  mode: PadMode,
  value: number,
): number[] {
  const n = line.length;
  const out: number[] = [];
  if (mode === 'circular') {
    const kept = line.slice(Math.max(0, -before), n - Math.max(0, -after));
    const lead = Math.max(0, before);
    for (let o = 0; o < kept.length + lead + Math.max(0, after); o++) {
      let p = o - lead;
      while (p < 0) p += kept.length;
      out.push(kept[p % kept.length] as number);
    }
    return out;
  }
  for (let o = 0; o < n + before + after; o++) {
    let p = o - before;
    if (mode === 'constant') {
      out.push(p >= 0 && p < n ? (line[p] as number) : value);
      continue;
    }
    if (mode === 'replicate') p = Math.min(Math.max(p, 0), n - 1);
    // reflect: bounce off the edges until inside.
    while (p < 0 || p >= n) p = p < 0 ? -p : 2 * (n - 1) - p;
    out.push(line[p] as number);
  }
  return out;
}

/** The naive reference: pad one dim at a time, walking every line of that dim. */
function referencePad(
  values: readonly number[],
  shape: readonly number[],
  pads: readonly number[],
  mode: PadMode,
  value = 0,
): { values: number[]; shape: number[] } {
  let data = [...values];
  let dims = [...shape];
  for (let k = 0; 2 * k < pads.length; k++) {
    const d = dims.length - 1 - k;
    const n = dims[d] as number;
    const inner = dims.slice(d + 1).reduce((a, b) => a * b, 1);
    const outer = dims.slice(0, d).reduce((a, b) => a * b, 1);
    const lines: number[][] = [];
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const line = Array.from({ length: n }, (_, j) => data[(o * n + j) * inner + i] as number);
        lines.push(padLine(line, pads[2 * k] as number, pads[2 * k + 1] as number, mode, value));
      }
    }
    const m = lines[0]?.length ?? n + (pads[2 * k] as number) + (pads[2 * k + 1] as number);
    const next = new Array<number>(outer * m * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const line = lines[o * inner + i] as number[];
        line.forEach((v, j) => (next[(o * m + j) * inner + i] = v));
      }
    }
    data = next;
    dims = dims.map((s, i) => (i === d ? m : s));
  }
  return { values: data, shape: dims };
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
/** Distinct small integers, as the torch snippet below makes them: (i * 7 % 11) - 5. */
const distinct = (shape: readonly number[]) =>
  Array.from({ length: size(shape) }, (_, i) => ((i * 7) % 11) - 5);

describe('pad against torch 1.13', () => {
  // torch.set_default_dtype(torch.float64)
  // x = ((torch.arange(n) * 7 % 11) - 5.).reshape(shape).requires_grad_()
  // y = F.pad(x, pads, mode=mode); w = (torch.arange(y.numel()) % 5 + 1.).reshape(y.shape)
  // (y * w).sum().backward(); print(y.flatten().tolist(), y.shape, x.grad.flatten().tolist())
  const cases: {
    mode: PadMode;
    shape: number[];
    pads: number[];
    out?: number[];
    outShape: number[];
    grad: number[];
  }[] = [
    // reflect: pad = size - 1 (the largest allowed) at the edges
    {
      mode: 'reflect',
      shape: [1, 2, 4],
      pads: [3, 2],
      out: [5, -2, 2, -5, 2, -2, 5, -2, 2, 0, 4, -3, 1, -3, 4, 0, 4, -3],
      outShape: [1, 2, 9],
      grad: [4, 12, 6, 3, 3, 9, 8, 6],
    },
    {
      mode: 'reflect',
      shape: [3, 3],
      pads: [2, 2],
      out: [-2, 2, -5, 2, -2, 2, -5, -3, 1, 5, 1, -3, 1, 5, -4, 0, 4, 0, -4, 0, 4],
      outShape: [3, 7],
      grad: [5, 7, 6, 9, 8, 5, 3, 9, 9],
    },
    {
      mode: 'reflect',
      shape: [1, 3, 3],
      pads: [2, 2, 2, 1],
      out: [
        -4, 0, 4, 0, -4, 0, 4, -3, 1, 5, 1, -3, 1, 5, -2, 2, -5, 2, -2, 2, -5, -3, 1, 5, 1, -3, 1,
        5, -4, 0, 4, 0, -4, 0, 4, -3, 1, 5, 1, -3, 1, 5,
      ],
      outShape: [1, 6, 7],
      grad: [3, 9, 9, 21, 25, 14, 11, 18, 13],
    },
    {
      mode: 'reflect',
      shape: [1, 1, 2, 2, 3],
      pads: [2, 1, 1, 1, 1, 0],
      outShape: [1, 1, 3, 4, 6],
      grad: [8, 15, 11, 6, 19, 12, 11, 40, 22, 12, 33, 24],
    },
    {
      mode: 'reflect',
      shape: [1, 1, 3],
      pads: [2, -1],
      out: [-2, 2, -5, 2],
      outShape: [1, 1, 4],
      grad: [3, 6, 1],
    },
    // replicate: 1-element dims repeated, three dims of an unbatched input, a crop
    {
      mode: 'replicate',
      shape: [1, 1, 1, 3],
      pads: [1, 2, 3, 1],
      outShape: [1, 1, 5, 6],
      grad: [30, 15, 45],
    },
    {
      mode: 'replicate',
      shape: [2, 1, 1, 2],
      pads: [2, 1, 1, 1, 3, 2],
      outShape: [2, 6, 3, 5],
      grad: [108, 162, 108, 162],
    },
    {
      mode: 'replicate',
      shape: [1, 1, 4],
      pads: [-1, 3],
      out: [2, -2, 5, 5, 5, 5],
      outShape: [1, 1, 6],
      grad: [0, 1, 2, 13],
    },
    {
      mode: 'replicate',
      shape: [1, 1],
      pads: [2, 2],
      out: [-5, -5, -5, -5, -5],
      outShape: [1, 5],
      grad: [15],
    },
    // circular: pad = size (the largest allowed), and a crop
    {
      mode: 'circular',
      shape: [1, 2, 3],
      pads: [3, 3],
      out: [-5, 2, -2, -5, 2, -2, -5, 2, -2, 5, 1, -3, 5, 1, -3, 5, 1, -3],
      outShape: [1, 2, 9],
      grad: [7, 10, 8, 9, 7, 10],
    },
    {
      mode: 'circular',
      shape: [1, 1, 2, 3],
      pads: [3, 2, 2, 2],
      outShape: [1, 1, 6, 8],
      grad: [25, 29, 18, 27, 26, 16],
    },
    {
      mode: 'circular',
      shape: [1, 1, 1, 2, 2],
      pads: [2, 1, 2, 2, 1, 1],
      outShape: [1, 1, 3, 6, 5],
      grad: [81, 54, 81, 54],
    },
    {
      mode: 'circular',
      shape: [1, 1, 3],
      pads: [-1, 1],
      out: [2, -2, 2],
      outShape: [1, 1, 3],
      grad: [0, 4, 2],
    },
  ];
  test.each(
    cases.map(
      (c) => [`${c.mode} ${JSON.stringify(c.shape)} by ${JSON.stringify(c.pads)}`, c] as const,
    ),
  )('%s', (_name, c) => {
    const x = tensor(distinct(c.shape), { dtype: 'float64', shape: c.shape, requiresGrad: true });
    const y = pad(x, c.pads, c.mode);
    expect(y.shape).toEqual(c.outShape);
    const reference = referencePad(distinct(c.shape), c.shape, c.pads, c.mode);
    expect(reference.shape).toEqual(c.outShape);
    expect([...y.data()]).toEqual(reference.values);
    if (c.out !== undefined) expect([...y.data()]).toEqual(c.out);
    const w = arange(size(c.outShape)).mod(5).add(1).cast('float64').reshape(c.outShape);
    y.mul(w).sum().backward();
    expect([...(x.grad as Tensor).data()]).toEqual(c.grad);
  });
});

describe('pad against the naive reference', () => {
  test('random shapes, pads and modes (float32, exact)', () => {
    const generator = new Generator(3);
    // mulberry32, so that a failure reproduces; random(n) is an integer in [0, n).
    let state = 11;
    const random = (n: number) => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const tried = { constant: 0, reflect: 0, replicate: 0, circular: 0 };
    for (let trial = 0; trial < 200; trial++) {
      const mode = (['constant', 'reflect', 'replicate', 'circular'] as const)[random(4)]!;
      const dims = 1 + random(3);
      const lead = 1 + random(2);
      const shape = Array.from({ length: dims + lead }, () => 1 + random(4));
      const pads = Array.from({ length: dims }, (_, k) => {
        const n = shape[shape.length - 1 - k] as number;
        // The largest pad each mode allows, and crops that leave at least one element.
        const most = mode === 'reflect' ? n - 1 : mode === 'circular' ? n : n + 2;
        const before = random(most + 1) - (n > 1 ? random(Math.floor(n / 2) + 1) : 0);
        const after = random(most + 1) - (n > 1 && before >= 0 ? random(Math.floor(n / 2)) : 0);
        return [before, after];
      }).flat();
      const x = randn(shape, { generator });
      const label = `${mode} ${JSON.stringify(shape)} by ${JSON.stringify(pads)}`;
      let y: Tensor;
      try {
        y = pad(x, pads, mode, mode === 'constant' ? 0.5 : 0);
      } catch (e) {
        // Only circular can refuse these pads: a crop and a wrap together may exceed what is left.
        expect(mode, `${label}: ${(e as Error).message}`).toBe('circular');
        expect((e as Error).message).toMatch(/wraps around at most once/);
        continue;
      }
      const ref = referencePad([...x.data()], shape, pads, mode, 0.5);
      expect(y.shape, label).toEqual(ref.shape);
      expect([...y.data()], label).toEqual(Array.from(Float32Array.from(ref.values)));
      tried[mode]++;
    }
    // Every mode was compared many times, not skipped.
    for (const count of Object.values(tried)) expect(count).toBeGreaterThan(25);
  });

  test('non-contiguous inputs: a transposed and a flipped view', () => {
    const base = arange(24).cast('float32').reshape(2, 3, 4);
    const t = base.transpose(1, 2); // [2, 4, 3]
    const f = base.flip([2]);
    for (const mode of ['reflect', 'replicate', 'circular', 'constant'] as const) {
      for (const x of [t, f]) {
        const pads = [2, 1, 1, 2];
        const ref = referencePad([...x.data()], x.shape, pads, mode);
        expect([...pad(x, pads, mode).data()], mode).toEqual(ref.values);
      }
    }
  });
});

describe('pad: dtypes, sizes and argument forms', () => {
  test('int32 and bool pad in every mode (torch has no integer reflect/replicate kernel)', () => {
    const ints = tensor([[1, 2, 3]], { dtype: 'int32' });
    expect(pad(ints, [2, 1], 'reflect').toArray()).toEqual([[3, 2, 1, 2, 3, 2]]);
    expect(pad(ints, [1, 1], 'replicate').dtype).toBe('int32');
    expect(pad(ints, [1, 1], 'circular').toArray()).toEqual([[3, 1, 2, 3, 1]]);
    const flags = tensor([[true, false]], { dtype: 'bool' });
    const padded = pad(flags, [1, 1], 'circular'); // torch: [[False, True, False, True]]
    expect(padded.dtype).toBe('bool');
    expect(padded.toArray()).toEqual([[false, true, false, true]]);
  });

  test('an empty batch pads to an empty batch; circular pads an empty channel dim', () => {
    // torch: F.pad(torch.zeros(0, 2, 3), (1, 1), mode=m).shape == (0, 2, 5) for all three
    for (const mode of ['reflect', 'replicate', 'circular'] as const) {
      expect(pad(zeros([0, 2, 3]), [1, 1], mode).shape).toEqual([0, 2, 5]);
    }
    expect(pad(zeros([1, 0, 3]), [1, 1], 'circular').shape).toEqual([1, 0, 5]);
    expect(pad(zeros([1, 1, 0]), [0, 0], 'circular').shape).toEqual([1, 1, 0]);
    // torch: F.pad(x, (-2, -1), mode='circular') of a [1, 1, 3] input has shape (1, 1, 0)
    expect(pad(zeros([1, 1, 3]), [-2, -1], 'circular').shape).toEqual([1, 1, 0]);
  });

  test('padding by nothing returns a new tensor with the same values', () => {
    const x = tensor([[[1, 2]]]);
    const y = pad(x, [0, 0], 'reflect');
    expect(y).not.toBe(x);
    expect(y.toArray()).toEqual([[[1, 2]]]);
  });

  test("torch's positional order, an options object and a bare value agree", () => {
    const x = tensor([[[1, 2, 3]]]);
    expect(pad(x, [1, 1], 'reflect').toArray()).toEqual(
      pad(x, [1, 1], { mode: 'reflect' }).toArray(),
    );
    expect(pad(x, [1, 0], 'constant', 7).toArray()).toEqual([[[7, 1, 2, 3]]]);
    expect(pad(x, [1, 0], { value: 7 }).toArray()).toEqual([[[7, 1, 2, 3]]]);
    expect(pad(x, [1, 0], 7).toArray()).toEqual([[[7, 1, 2, 3]]]);
    expect(pad(x, [1, 0], 'reflect', 0).toArray()).toEqual([[[2, 1, 2, 3]]]);
    // An array-layer input is accepted too.
    expect(pad(rawTensor([[[1, 2]]]), [1, 0], 'replicate').toArray()).toEqual([[[1, 1, 2]]]);
  });

  test('F.pad is the same function', () => {
    expect(F.pad).toBe(pad);
  });

  test('a 3-D reflect pad passes gradcheck and gradgradcheck through a nonlinearity', () => {
    const x = randn([1, 2, 2, 3], {
      dtype: 'float64',
      generator: new Generator(5),
      requiresGrad: true,
    });
    const f = (t: Tensor) => pad(t, [2, 1, 1, 0, 1, 1], 'reflect').tanh();
    for (const check of [gradcheck, gradgradcheck]) {
      const report = check(f, [x]);
      expect(report.ok, report.message).toBe(true);
      expect(report.checked).toBeGreaterThan(0);
    }
  });
});

describe('pad errors', () => {
  const x3 = tensor([[[0, 1, 2]]]);
  test.each([
    [
      'an unknown mode',
      () => pad(x3, [1, 1], 'zeros' as PadMode),
      "pad: unknown mode 'zeros' (expected one of 'constant', 'reflect', 'replicate', 'circular')",
    ],
    [
      'an odd number of amounts',
      () => pad(x3, [1], 'reflect'),
      'pad: got 1 padding amounts [1] for an input of shape [1, 1, 3]; expected integer (before, after) pairs, at most 6 amounts',
    ],
    [
      'more amounts than dims',
      () => pad(tensor([1, 2]), [1, 1, 1, 1]),
      'pad: got 4 padding amounts [1, 1, 1, 1] for an input of shape [2]; expected integer (before, after) pairs, at most 2 amounts',
    ],
    [
      'a fractional amount',
      () => pad(x3, [0.5, 1]),
      'pad: got 2 padding amounts [0.5, 1] for an input of shape [1, 1, 3]; expected integer (before, after) pairs, at most 6 amounts',
    ],
    [
      'a value with mode reflect',
      () => pad(x3, [1, 1], 'reflect', 2),
      "pad: mode 'reflect' copies elements of the input and takes no value (got 2); only mode 'constant' pads with a value",
    ],
    [
      'reflect on a 1-D input',
      () => pad(tensor([0, 1, 2]), [1, 1], 'reflect'),
      "pad: mode 'reflect' pads the last 1, 2 or 3 dims of an input that has 1 or 2 dims before them (2 amounts: [C, W] or [N, C, W]; 4: [C, H, W] or [N, C, H, W]; 6: [C, D, H, W] or [N, C, D, H, W]); got 2 amounts for shape [3]",
    ],
    [
      'two padded dims of a 2-D input',
      () => pad(zeros([2, 3]), [1, 1, 1, 1], 'replicate'),
      "pad: mode 'replicate' pads the last 1, 2 or 3 dims of an input that has 1 or 2 dims before them (2 amounts: [C, W] or [N, C, W]; 4: [C, H, W] or [N, C, H, W]; 6: [C, D, H, W] or [N, C, D, H, W]); got 4 amounts for shape [2, 3]",
    ],
    [
      'one padded dim of a 4-D input',
      () => pad(zeros([1, 1, 2, 3]), [1, 1], 'circular'),
      "pad: mode 'circular' pads the last 1, 2 or 3 dims of an input that has 1 or 2 dims before them (2 amounts: [C, W] or [N, C, W]; 4: [C, H, W] or [N, C, H, W]; 6: [C, D, H, W] or [N, C, D, H, W]); got 2 amounts for shape [1, 1, 2, 3]",
    ],
    [
      'reflect by the size of the dim',
      () => pad(x3, [3, 0], 'reflect'),
      "pad: mode 'reflect' needs each padding of a dim to be less than its size, got padding (3, 0) for dim 2 of size 3 (input shape [1, 1, 3])",
    ],
    [
      'reflect a 1-element dim',
      () => pad(zeros([1, 1, 1]), [1, 1], 'reflect'),
      "pad: mode 'reflect' needs each padding of a dim to be less than its size, got padding (1, 1) for dim 2 of size 1 (input shape [1, 1, 1])",
    ],
    [
      'replicate an empty dim',
      () => pad(zeros([1, 1, 0]), [1, 1], 'replicate'),
      "pad: mode 'replicate' copies the edge of each padded dim, but dim 2 of size 0 (input shape [1, 1, 0]) is empty",
    ],
    [
      'crops that leave nothing, for reflect',
      () => pad(x3, [-2, -1], 'reflect'),
      "pad: padding (-2, -1) leaves 0 elements of dim 2 of size 3 (input shape [1, 1, 3]); mode 'reflect' needs at least 1",
    ],
    [
      'circular beyond one wrap',
      () => pad(x3, [4, 0], 'circular'),
      "pad: mode 'circular' wraps around at most once, but padding (4, 0) of dim 2 of size 3 (input shape [1, 1, 3]) exceeds its size, 3",
    ],
    [
      'circular beyond one wrap of what a crop leaves',
      () => pad(x3, [-1, 3], 'circular'),
      "pad: mode 'circular' wraps around at most once, but padding (-1, 3) of dim 2 of size 3 (input shape [1, 1, 3]) exceeds what cropping leaves of it, 2",
    ],
    [
      'circular crops beyond the size',
      () => pad(x3, [-2, -2], 'circular'),
      'pad: padding (-2, -2) crops 4 elements from dim 2 of size 3 (input shape [1, 1, 3]), more than it has',
    ],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});
