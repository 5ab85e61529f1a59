/**
 * maxPool2d, avgPool2d and adaptiveAvgPool2d against naive loops written after PyTorch 1.13's
 * cpu kernels, against numbers from PyTorch itself, and every error message, exact text.
 * Gradients (gradcheck, gradgradcheck) and the gpu come from the samples in op-samples.ts.
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  type Tensor,
  adaptiveAvgPool2d,
  arange,
  avgPool2d,
  gpuAvailability,
  maxPool2d,
  noGrad,
  setBackend,
  tensor,
  tidy,
  zeros,
} from '@tensorgrad/autograd';

/** `((i · 7) % 11) + i / 100 − 5` in float64: distinct values without ties, as `ramp` below. */
function ramp(shape: number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const i = arange(size, { dtype: 'float64' });
  return i.mul(7).mod(11).add(i.div(100)).sub(5).reshape(shape);
}

/** The elements of `t` in order. */
function values(t: Tensor | null | undefined): number[] {
  return t?.flatten().toArray() as number[];
}

function expectClose(actual: number[], expected: number[], tolerance = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a, `element ${i}`).toBeNaN();
    else
      expect(
        Math.abs(a - expected[i]!),
        `element ${i}: ${a} vs ${expected[i]}`,
      ).toBeLessThanOrEqual(tolerance);
  });
}

// ---- naive references, written after PyTorch's cpu loops --------------------------------------

interface Window {
  k: [number, number];
  s: [number, number];
  p: [number, number];
  d: [number, number];
  ceil: boolean;
}

function outSize(size: number, k: number, p: number, s: number, d: number, ceil: boolean): number {
  let out = Math.floor((size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

/**
 * max_pool2d's loop: start from −∞ at the first tap inside the input, take a value when it is
 * greater or NaN. Returns values, flat indices and the gradient of sum(values · weights).
 */
function naiveMaxPool(
  x: number[],
  shape: number[],
  { k, s, p, d, ceil }: Window,
  weights?: number[],
): { values: number[]; indices: number[]; grad: number[]; shape: number[] } {
  const [n, c, h, w] = shape as [number, number, number, number];
  const oh = outSize(h, k[0], p[0], s[0], d[0], ceil);
  const ow = outSize(w, k[1], p[1], s[1], d[1], ceil);
  const out: number[] = [];
  const indices: number[] = [];
  const grad = x.map(() => 0);
  for (let plane = 0; plane < n * c; plane++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let h0 = i * s[0] - p[0];
        let w0 = j * s[1] - p[1];
        const h1 = Math.min(h0 + (k[0] - 1) * d[0] + 1, h);
        const w1 = Math.min(w0 + (k[1] - 1) * d[1] + 1, w);
        while (h0 < 0) h0 += d[0];
        while (w0 < 0) w0 += d[1];
        let best = -Infinity;
        let at = h0 * w + w0;
        for (let y = h0; y < h1; y += d[0]) {
          for (let z = w0; z < w1; z += d[1]) {
            const v = x[plane * h * w + y * w + z]!;
            if (v > best || Number.isNaN(v)) {
              best = v;
              at = y * w + z;
            }
          }
        }
        const o = out.length;
        out.push(best);
        indices.push(at);
        grad[plane * h * w + at]! += weights?.[o] ?? 1;
      }
    }
  }
  return { values: out, indices, grad, shape: [n, c, oh, ow] };
}

/** avg_pool2d's loop, with its divisor rule. */
function naiveAvgPool(
  x: number[],
  [n, c, h, w]: number[],
  { k, s, p, ceil }: Window,
  countIncludePad: boolean,
  divisorOverride: number | null,
): number[] {
  const oh = outSize(h!, k[0], p[0], s[0], 1, ceil);
  const ow = outSize(w!, k[1], p[1], s[1], 1, ceil);
  const out: number[] = [];
  for (let plane = 0; plane < n! * c!; plane++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let h0 = i * s[0] - p[0];
        let w0 = j * s[1] - p[1];
        let h1 = Math.min(h0 + k[0], h! + p[0]);
        let w1 = Math.min(w0 + k[1], w! + p[1]);
        const poolSize = (h1 - h0) * (w1 - w0);
        h0 = Math.max(h0, 0);
        w0 = Math.max(w0, 0);
        h1 = Math.min(h1, h!);
        w1 = Math.min(w1, w!);
        let sum = 0;
        for (let y = h0; y < h1; y++)
          for (let z = w0; z < w1; z++) sum += x[plane * h! * w! + y * w! + z]!;
        const divisor = divisorOverride ?? (countIncludePad ? poolSize : (h1 - h0) * (w1 - w0));
        out.push(sum / divisor);
      }
    }
  }
  return out;
}

/** adaptive_avg_pool2d's loop: bin i spans [floor(i·size/out), ceil((i+1)·size/out)). */
function naiveAdaptive(x: number[], [n, c, h, w]: number[], [oh, ow]: number[]): number[] {
  const out: number[] = [];
  for (let plane = 0; plane < n! * c!; plane++) {
    for (let i = 0; i < oh!; i++) {
      const h0 = Math.floor((i * h!) / oh!);
      const h1 = Math.ceil(((i + 1) * h!) / oh!);
      for (let j = 0; j < ow!; j++) {
        const w0 = Math.floor((j * w!) / ow!);
        const w1 = Math.ceil(((j + 1) * w!) / ow!);
        let sum = 0;
        for (let y = h0; y < h1; y++)
          for (let z = w0; z < w1; z++) sum += x[plane * h! * w! + y * w! + z]!;
        out.push(sum / ((h1 - h0) * (w1 - w0)));
      }
    }
  }
  return out;
}

const WINDOWS: (Window & { name: string; shape: number[] })[] = [
  {
    name: 'kernel 2, stride 2',
    shape: [2, 3, 6, 6],
    k: [2, 2],
    s: [2, 2],
    p: [0, 0],
    d: [1, 1],
    ceil: false,
  },
  {
    name: 'kernel 3, stride 1, padding 1',
    shape: [1, 2, 5, 4],
    k: [3, 3],
    s: [1, 1],
    p: [1, 1],
    d: [1, 1],
    ceil: false,
  },
  {
    name: 'rectangular, floor drops the rest',
    shape: [2, 2, 7, 8],
    k: [3, 2],
    s: [2, 3],
    p: [1, 0],
    d: [1, 1],
    ceil: false,
  },
  {
    name: 'ceil mode, partial last windows',
    shape: [1, 2, 7, 8],
    k: [3, 3],
    s: [2, 2],
    p: [0, 1],
    d: [1, 1],
    ceil: true,
  },
  {
    name: 'ceil mode drops a window starting in the padding',
    shape: [1, 1, 5, 5],
    k: [2, 2],
    s: [2, 2],
    p: [1, 1],
    d: [1, 1],
    ceil: true,
  },
  {
    name: 'size-1 spatial dims',
    shape: [2, 3, 1, 1],
    k: [1, 1],
    s: [1, 1],
    p: [0, 0],
    d: [1, 1],
    ceil: false,
  },
  {
    name: 'kernel 1 x w over a [1, w] image',
    shape: [1, 2, 1, 6],
    k: [1, 3],
    s: [1, 2],
    p: [0, 1],
    d: [1, 1],
    ceil: true,
  },
];

const DILATED: (Window & { name: string; shape: number[] })[] = [
  {
    name: 'dilation 2, padding 1',
    shape: [1, 2, 7, 7],
    k: [3, 3],
    s: [1, 1],
    p: [1, 1],
    d: [2, 2],
    ceil: false,
  },
  {
    name: 'dilation [2, 3], ceil, stride 2',
    shape: [2, 1, 8, 9],
    k: [2, 3],
    s: [2, 2],
    p: [1, 1],
    d: [2, 3],
    ceil: true,
  },
];

describe('maxPool2d', () => {
  test.each([...WINDOWS, ...DILATED])('matches the naive loop: $name', (c) => {
    const x = ramp(c.shape).requiresGrad_();
    const reference = naiveMaxPool(values(x), c.shape, c);
    const { values: y, indices } = maxPool2d(x, c.k, {
      stride: c.s,
      padding: c.p,
      dilation: c.d,
      ceilMode: c.ceil,
      returnIndices: true,
    });
    expect(y.shape).toEqual(reference.shape);
    expect(indices.dtype).toBe('int32');
    expectClose(values(y), reference.values, 0);
    expect(values(indices)).toEqual(reference.indices);
    y.sum().backward();
    expect(values(x.grad)).toEqual(reference.grad);
    // Without indices and without a graph, the one-reduction path gives the same maxima.
    const plain = noGrad(() =>
      maxPool2d(x, c.k, { stride: c.s, padding: c.p, dilation: c.d, ceilMode: c.ceil }),
    );
    expectClose(values(plain), reference.values, 0);
  });

  // PyTorch 1.13, float64:
  //   i = torch.arange(84, dtype=torch.float64); x = (((i*7) % 11) + i/100 - 5).reshape(1, 2, 7, 6)
  //   y, idx = F.max_pool2d(x, (3, 2), stride=(2, 3), padding=(1, 1), dilation=(2, 1),
  //                         ceil_mode=True, return_indices=True)
  //   w = torch.arange(18, dtype=torch.float64).reshape(y.shape) + 1; (y * w).sum().backward()
  test('padding, dilation and ceil mode match PyTorch', () => {
    const x = ramp([1, 2, 7, 6]).requiresGrad_();
    const { values: y, indices } = maxPool2d(x, [3, 2], {
      stride: [2, 3],
      padding: [1, 1],
      dilation: [2, 1],
      ceilMode: true,
      returnIndices: true,
    });
    expect(y.shape).toEqual([1, 2, 3, 3]);
    expectClose(
      values(y),
      [
        4.0600000000000005, 3.1999999999999993, 2.2300000000000004, 4.0600000000000005,
        3.1999999999999993, 2.2300000000000004, 0.17999999999999972, 3.1999999999999993,
        2.2300000000000004, 1.4800000000000004, 4.5, 3.5299999999999994, 4.720000000000001, 4.5,
        3.5299999999999994, 4.720000000000001, 3.75, -0.34999999999999964,
      ],
    );
    expect(values(indices)).toEqual([
      6, 20, 23, 6, 20, 23, 18, 20, 23, 6, 8, 11, 30, 8, 11, 30, 33, 23,
    ]);
    y.mul(arange(18, { dtype: 'float64' }).add(1).reshape(y.shape))
      .sum()
      .backward();
    const grad = new Array<number>(84).fill(0);
    for (const [at, g] of [
      [6, 5],
      [18, 7],
      [20, 15],
      [23, 18],
      [48, 10],
      [50, 25],
      [53, 27],
      [65, 18],
      [72, 29],
      [75, 17],
    ])
      grad[at!] = g!;
    expect(values(x.grad)).toEqual(grad);
  });

  // PyTorch 1.13:
  //   x = torch.tensor([[[[1., nan, 3., nan]]]], requires_grad=True)
  //   F.max_pool2d(x, (1, 4), return_indices=True) -> (nan, 3); grad [0, 0, 0, 1]
  //   x = torch.tensor([[[[2., 2., 1., 2.]]]]) -> (2, 0); grad [1, 0, 0, 0]
  test('NaN wins and the last NaN takes the gradient; ties go to the first, as PyTorch', () => {
    const withNaN = tensor([[[[1, NaN, 3, NaN]]]], { dtype: 'float64', requiresGrad: true });
    const a = maxPool2d(withNaN, [1, 4], { returnIndices: true });
    expect(values(a.values)[0]).toBeNaN();
    expect(values(a.indices)).toEqual([3]);
    a.values.sum().backward();
    expect(values(withNaN.grad)).toEqual([0, 0, 0, 1]);
    expect(values(noGrad(() => maxPool2d(withNaN, [1, 4])))[0]).toBeNaN();

    const ties = tensor([[[[2, 2, 1, 2]]]], { dtype: 'float64', requiresGrad: true });
    const b = maxPool2d(ties, [1, 4], { returnIndices: true });
    expect(values(b.indices)).toEqual([0]);
    b.values.sum().backward();
    expect(values(ties.grad)).toEqual([1, 0, 0, 0]);
  });

  // PyTorch 1.13: F.max_pool2d(torch.full((1, 1, 3, 3), -inf), 2, padding=1, return_indices=True)
  //   -> all -inf, indices [[0, 1], [3, 4]] (the first tap inside the input, never the padding)
  test('windows of −∞ report their first tap inside the input, as PyTorch', () => {
    const x = zeros([1, 1, 3, 3], { dtype: 'float64' }).sub(Infinity).requiresGrad_();
    const { values: y, indices } = maxPool2d(x, 2, { padding: 1, returnIndices: true });
    expect(values(y)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(values(indices)).toEqual([0, 1, 3, 4]);
    y.sum().backward();
    expect(values(x.grad)).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 0]);
  });

  test('unbatched [c, h, w], an empty batch and non-contiguous inputs', () => {
    const x = ramp([2, 5, 6]);
    const batched = maxPool2d(x.unsqueeze(0), 2, { padding: 1 });
    const unbatched = maxPool2d(x, 2, { padding: 1 });
    expect(unbatched.shape).toEqual([2, 3, 4]);
    expect(values(unbatched)).toEqual(values(batched));
    expect(maxPool2d(zeros([0, 2, 4, 4]), 2).shape).toEqual([0, 2, 2, 2]);
    // A transposed view: the same as its contiguous copy.
    const t = ramp([1, 2, 6, 5]).transpose(2, 3).requiresGrad_();
    expect(t.isContiguous()).toBe(false);
    const reference = naiveMaxPool(values(t.contiguous()), [1, 2, 5, 6], WINDOWS[2]!);
    const y = maxPool2d(t, [3, 2], { stride: [2, 3], padding: [1, 0] });
    expect(values(y)).toEqual(reference.values);
    y.sum().backward();
    expect(values(t.grad)).toEqual(reference.grad);
  });
});

describe('avgPool2d', () => {
  const cases = WINDOWS.flatMap((w) =>
    [true, false].flatMap((countIncludePad) =>
      [null, 3].map((divisorOverride) => ({ ...w, countIncludePad, divisorOverride })),
    ),
  );
  test.each(cases)(
    'matches the naive loop: $name, countIncludePad $countIncludePad, divisorOverride $divisorOverride',
    (c) => {
      const x = ramp(c.shape);
      const y = avgPool2d(x, c.k, {
        stride: c.s,
        padding: c.p,
        ceilMode: c.ceil,
        countIncludePad: c.countIncludePad,
        divisorOverride: c.divisorOverride,
      });
      expectClose(
        values(y),
        naiveAvgPool(values(x), c.shape, c, c.countIncludePad, c.divisorOverride),
      );
    },
  );

  // PyTorch 1.13, float64:
  //   i = torch.arange(48, dtype=torch.float64); x = (((i*7) % 11) + i/100 - 5).reshape(1, 1, 6, 8)
  //   F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
  //   F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=True)
  // Ceil mode adds a last row and column of windows starting at 5 and 7, which reach past the
  // padding: PyTorch's divisor counts the padding they cover but not beyond it, so the corner
  // window divides by 2 · 2 = 4 (count_include_pad) or by its one input pixel.
  test('ceil mode with and without the padding in the divisor matches PyTorch', () => {
    const x = ramp([1, 1, 6, 8]);
    const options = { stride: 2, padding: 1, ceilMode: true } as const;
    const exclude = avgPool2d(x, 3, { ...options, countIncludePad: false });
    expect(exclude.shape).toEqual([1, 1, 4, 5]);
    expectClose(
      values(exclude),
      [
        -0.9550000000000001, 0.3933333333333331, -0.2533333333333334, 0.9333333333333336,
        0.6100000000000003, 0.665, 0.17999999999999997, -0.4666666666666667, 0.10888888888888903,
        2.2300000000000004, -0.8416666666666665, -0.10444444444444449, 0.47111111111111104,
        1.0466666666666669, 4.390000000000001, -1.5949999999999998, -0.24666666666666673,
        -0.8933333333333332, 2.126666666666667, 5.470000000000001,
      ],
    );
    const include = avgPool2d(x, 3, { ...options, countIncludePad: true });
    expectClose(
      values(include),
      [
        -0.42444444444444446, 0.2622222222222221, -0.16888888888888895, 0.6222222222222223,
        0.20333333333333345, 0.44333333333333336, 0.17999999999999997, -0.4666666666666667,
        0.10888888888888903, 1.1150000000000002, -0.561111111111111, -0.10444444444444449,
        0.47111111111111104, 1.0466666666666669, 2.1950000000000003, -0.5316666666666666,
        -0.12333333333333336, -0.4466666666666666, 1.0633333333333335, 1.3675000000000002,
      ],
    );
  });

  test('unbatched input, the gradient is 1 / divisor per covering window', () => {
    const x = ramp([1, 3, 3]).requiresGrad_();
    const y = avgPool2d(x, 2, { stride: 1, padding: 1, countIncludePad: false });
    expect(y.shape).toEqual([1, 4, 4]);
    y.sum().backward();
    // Corner pixel: windows (0,0) with 1 valid, (0,1) and (1,0) with 2, (1,1) with 4.
    expect(values(x.grad)[0]).toBeCloseTo(1 + 1 / 2 + 1 / 2 + 1 / 4, 12);
  });
});

describe('adaptiveAvgPool2d', () => {
  test.each([
    { shape: [2, 3, 7, 5], out: [3, 2] },
    { shape: [1, 2, 5, 7], out: [4, 3] },
    { shape: [1, 1, 6, 8], out: [3, 4] }, // divisible: reshape + mean
    { shape: [1, 1, 6, 7], out: [2, 3] }, // one divisible dim, one not
    { shape: [2, 2, 3, 3], out: [5, 7] }, // bigger than the input: bins repeat
    { shape: [1, 2, 1, 1], out: [1, 1] },
    { shape: [1, 2, 4, 4], out: [1, 1] },
  ])('matches the naive loop: $shape → $out', ({ shape, out }) => {
    const x = ramp(shape);
    const y = adaptiveAvgPool2d(x, out as [number, number]);
    expect(y.shape).toEqual([...shape.slice(0, 2), ...out]);
    expectClose(values(y), naiveAdaptive(values(x), shape, out));
  });

  // PyTorch 1.13, float64:
  //   i = torch.arange(70, dtype=torch.float64); x = (((i*7) % 11) + i/100 - 5).reshape(2, 1, 5, 7)
  //   F.adaptive_avg_pool2d(x, (3, 4))
  test('sizes that do not divide match PyTorch', () => {
    const y = adaptiveAvgPool2d(ramp([2, 1, 5, 7]), [3, 4]);
    expectClose(
      values(y),
      [
        -1.71, 0.5549999999999997, -0.09166666666666679, 0.3400000000000001, -0.5216666666666665,
        -0.3955555555555555, 0.1799999999999999, -0.30500000000000016, -0.2500000000000002,
        -0.7349999999999999, 0.4516666666666668, -0.9500000000000002, 1.6399999999999997,
        0.23833333333333329, 1.425, 0.9400000000000004, 0.9950000000000001, 0.51,
        1.0855555555555554, 1.2116666666666667, 0.3500000000000002, 0.7816666666666668,
        0.13499999999999993, 2.4,
      ],
    );
  });

  test('null keeps a size; one number is both; unbatched, size-0 output, non-contiguous', () => {
    const x = ramp([2, 5, 7]);
    expect(adaptiveAvgPool2d(x, [null, 3]).shape).toEqual([2, 5, 3]);
    expect(adaptiveAvgPool2d(x, 2).shape).toEqual([2, 2, 2]);
    expect(adaptiveAvgPool2d(x, null).shape).toEqual([2, 5, 7]);
    expect(adaptiveAvgPool2d(x, [0, 2]).shape).toEqual([2, 0, 2]);
    expect(adaptiveAvgPool2d(zeros([0, 3, 4, 4]), 2).shape).toEqual([0, 3, 2, 2]);
    const t = ramp([1, 2, 7, 5]).transpose(2, 3);
    expectClose(
      values(adaptiveAvgPool2d(t, [3, 4])),
      naiveAdaptive(values(t.contiguous()), [1, 2, 5, 7], [3, 4]),
    );
  });
});

describe('pooling errors', () => {
  const x = zeros([1, 2, 5, 5]);
  test.each([
    [
      () => maxPool2d(zeros([5, 5]), 2),
      'maxPool2d: expected a 3-D (unbatched [c, h, w]) or 4-D (batched [n, c, h, w]) input, got shape [5, 5]',
    ],
    [
      () => maxPool2d(zeros([2, 0, 5, 5]), 2),
      'maxPool2d: expected an input with non-zero channels, height and width (only the batch may be empty), got shape [2, 0, 5, 5]',
    ],
    [
      () => maxPool2d(zeros([1, 4, 4], { dtype: 'int32' }), 2),
      "maxPool2d: expected a floating-point input, got int32 (cast it first: x.cast('float32'))",
    ],
    [
      () => maxPool2d(x, 0),
      'maxPool2d: expected kernelSize to be a positive integer or a pair [h, w] of them, got 0',
    ],
    [
      () => maxPool2d(x, [2, 2, 2] as unknown as [number, number]),
      'maxPool2d: expected kernelSize to be a positive integer or a pair [h, w] of them, got [2, 2, 2]',
    ],
    [
      () => maxPool2d(x, 2, { stride: 0 }),
      'maxPool2d: expected stride to be a positive integer or a pair [h, w] of them, got 0',
    ],
    [
      () => maxPool2d(x, 2, { dilation: [1, 0] }),
      'maxPool2d: expected dilation to be a positive integer or a pair [h, w] of them, got [1, 0]',
    ],
    [
      () => maxPool2d(x, 2, { padding: -1 }),
      'maxPool2d: expected padding to be a non-negative integer or a pair [h, w] of them, got -1',
    ],
    [
      () => maxPool2d(x, 3, { padding: 2 }),
      'maxPool2d: expected padding to be at most half the kernel size ([1, 1] for kernel [3, 3]), got [2, 2]',
    ],
    [
      () => maxPool2d(x, 6),
      'maxPool2d: input of spatial size [5, 5] is too small for kernel [6, 6] (padding [0, 0], dilation [1, 1]): the output size would be [0, 0], expected at least [1, 1]',
    ],
    [
      () => avgPool2d(x, [2, 6]),
      'avgPool2d: input of spatial size [5, 5] is too small for kernel [2, 6] (padding [0, 0]): the output size would be [2, 0], expected at least [1, 1]',
    ],
    [
      () => avgPool2d(x, 2, { divisorOverride: 0 }),
      'avgPool2d: expected divisorOverride to be a non-zero integer or null, got 0',
    ],
    [
      () => avgPool2d(x, 2, { divisorOverride: 2.5 }),
      'avgPool2d: expected divisorOverride to be a non-zero integer or null, got 2.5',
    ],
    [
      () => adaptiveAvgPool2d(zeros([5, 5]), 2),
      'adaptiveAvgPool2d: expected a 3-D (unbatched [c, h, w]) or 4-D (batched [n, c, h, w]) input, got shape [5, 5]',
    ],
    [
      () => adaptiveAvgPool2d(zeros([1, 2, 0, 5]), 2),
      'adaptiveAvgPool2d: expected an input with non-zero height and width, got shape [1, 2, 0, 5]',
    ],
    [
      () => adaptiveAvgPool2d(x, [-1, 2]),
      'adaptiveAvgPool2d: expected outputSize to be a non-negative integer, null, or a pair [h, w] of them, got [-1, 2]',
    ],
    [
      () => adaptiveAvgPool2d(x, 1.5),
      'adaptiveAvgPool2d: expected outputSize to be a non-negative integer, null, or a pair [h, w] of them, got 1.5',
    ],
  ] as const)('%#', (call, message) => {
    expect(call).toThrow(message);
    try {
      call();
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });

  test('ceil mode keeps a window that starts in the input, drops one that starts in the padding', () => {
    // PyTorch 1.13: F.max_pool2d(torch.randn(1, 1, 5, 5), 2, stride=2, padding=1, ceil_mode=True)
    // and the same over 4 x 4 both give 3 x 3.
    expect(
      maxPool2d(zeros([1, 1, 5, 5]), 2, { stride: 2, padding: 1, ceilMode: true }).shape,
    ).toEqual([1, 1, 3, 3]);
    expect(
      maxPool2d(zeros([1, 1, 4, 4]), 2, { stride: 2, padding: 1, ceilMode: true }).shape,
    ).toEqual([1, 1, 3, 3]);
    expect(maxPool2d(zeros([1, 1, 5, 5]), 2, { ceilMode: true }).shape).toEqual([1, 1, 3, 3]);
  });
});

const gpu = gpuAvailability();
describe.skipIf(!gpu.available)(
  `maxPool2d's NaN and −∞ rules on the gpu backend (${gpu.mode})`,
  () => {
    afterAll(() => setBackend('cpu'));
    test('the same values, indices and gradients as the cpu', () => {
      const inputs = [
        [
          [
            [
              [1, NaN, 3, NaN],
              [2, 2, 1, 2],
            ],
          ],
        ],
        [
          [
            [
              [-Infinity, -Infinity, -Infinity],
              [-Infinity, 4, -Infinity],
              [-1, NaN, -Infinity],
            ],
          ],
        ],
      ];
      const runOn = (backend: 'cpu' | 'gpu') => {
        setBackend(backend);
        return tidy(() =>
          inputs.map((values) => {
            const x = tensor(values, { requiresGrad: true });
            const { values: y, indices } = maxPool2d(x, 2, {
              padding: 1,
              stride: 1,
              returnIndices: true,
            });
            y.mul(arange(y.size).reshape(y.shape).cast('float32')).sum().backward();
            const result = {
              backend: y.backend,
              y: y.toArray(),
              indices: indices.toArray(),
              grad: x.grad!.toArray(),
            };
            x.zeroGrad();
            return result;
          }),
        );
      };
      const expected = runOn('cpu');
      const result = runOn('gpu');
      expect(result.map((r) => r.backend)).toEqual(['gpu', 'gpu']);
      expect(result).toEqual(expected.map((r) => ({ ...r, backend: 'gpu' })));
    });
  },
);
