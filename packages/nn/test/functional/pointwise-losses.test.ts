/**
 * l1Loss, smoothL1Loss, huberLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits: against
 * naive float64 references, against numbers computed with PyTorch 1.13 (pasted below with the
 * snippet that produced them), float64 gradchecks of input and target, the reductions, and the
 * errors and edge cases (size 0, NaN, extreme logits).
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck, gradgradcheck, tensor, zeros } from '@tensorgrad/autograd';
import {
  F,
  type Reduction,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  huberLoss,
  l1Loss,
  smoothL1Loss,
} from '@tensorgrad/nn';
import { expectClose, numbers, sample } from '../helpers.js';

const f64 = (values: number[][] | number[]) => tensor(values, { dtype: 'float64' });

/** Reduce per-element values as PyTorch does. */
function reduced(values: number[], reduction: Reduction): number[] {
  if (reduction === 'none') return values;
  const sum = values.reduce((a, b) => a + b, 0);
  return [reduction === 'sum' ? sum : sum / values.length];
}

/** The loss and the gradients of its sum with respect to input and target (float64). */
function lossAndGradients(
  f: (x: Tensor, y: Tensor) => Tensor,
  input: number[][],
  target: number[][],
): { loss: Tensor; gx: number[]; gy: number[] } {
  const x = tensor(input, { dtype: 'float64', requiresGrad: true });
  const y = tensor(target, { dtype: 'float64', requiresGrad: true });
  const loss = f(x, y);
  loss.sum().backward();
  return { loss, gx: numbers(x.grad!), gy: numbers(y.grad!) };
}

// The regression losses' shared inputs (torch.tensor(..., dtype=torch.float64)).
const input = [
  [0.3, -1.2, 2.5],
  [-0.4, 0.05, -3.0],
];
const target = [
  [0.0, -1.0, 0.5],
  [1.5, 0.1, -0.2],
];
const differences = input.flat().map((v, i) => v - target.flat()[i]!);

const naiveSmoothL1 = (d: number, beta: number) =>
  Math.abs(d) < beta ? (0.5 * d * d) / beta : Math.abs(d) - 0.5 * beta;
const naiveHuber = (d: number, delta: number) =>
  Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta);

describe('l1Loss, smoothL1Loss, huberLoss against naive references', () => {
  const cases: [string, (x: Tensor, y: Tensor, r: Reduction) => Tensor, (d: number) => number][] = [
    ['l1Loss', (x, y, reduction) => l1Loss(x, y, { reduction }), Math.abs],
    [
      'smoothL1Loss',
      (x, y, reduction) => smoothL1Loss(x, y, { reduction }),
      (d) => naiveSmoothL1(d, 1),
    ],
    [
      'smoothL1Loss beta 0.5',
      (x, y, reduction) => smoothL1Loss(x, y, { reduction, beta: 0.5 }),
      (d) => naiveSmoothL1(d, 0.5),
    ],
    [
      'smoothL1Loss beta 0 (= l1)',
      (x, y, reduction) => smoothL1Loss(x, y, { reduction, beta: 0 }),
      Math.abs,
    ],
    ['huberLoss', (x, y, reduction) => huberLoss(x, y, { reduction }), (d) => naiveHuber(d, 1)],
    [
      'huberLoss delta 2',
      (x, y, reduction) => huberLoss(x, y, { reduction, delta: 2 }),
      (d) => naiveHuber(d, 2),
    ],
  ];
  for (const [name, loss, naive] of cases) {
    it.each(['none', 'mean', 'sum'] as const)(`${name}, reduction %s`, (reduction) => {
      const got = loss(f64(input), f64(target), reduction);
      expect(got.shape).toEqual(reduction === 'none' ? [2, 3] : []);
      expectClose(got, reduced(differences.map(naive), reduction), 1e-15);
    });
  }

  it('the default reduction is the mean', () => {
    expectClose(l1Loss(f64(input), f64(target)), reduced(differences.map(Math.abs), 'mean'), 1e-15);
  });
});

describe('l1Loss, smoothL1Loss, huberLoss against PyTorch', () => {
  it('values and gradients of input and target (torch 1.13, float64)', () => {
    // x = torch.tensor(input, dtype=torch.float64, requires_grad=True); y likewise from target
    // F.l1_loss(x, y, reduction='mean'); .sum().backward()
    const l1 = lossAndGradients((x, y) => l1Loss(x, y), input, target);
    expectClose(l1.loss, [1.2083333333333333], 1e-15);
    const sixth = 0.16666666666666666;
    expectClose(f64(l1.gx), [sixth, -sixth, sixth, -sixth, -sixth, -sixth], 1e-15);
    expectClose(f64(l1.gy), [-sixth, sixth, -sixth, sixth, sixth, sixth], 1e-15);
    // F.smooth_l1_loss(x, y, reduction='none', beta=0.5)
    const smooth = lossAndGradients(
      (x, y) => smoothL1Loss(x, y, { reduction: 'none', beta: 0.5 }),
      input,
      target,
    );
    expectClose(
      smooth.loss,
      [0.09, 0.03999999999999998, 1.75, 1.65, 0.0025000000000000005, 2.55],
      1e-15,
    );
    expectClose(f64(smooth.gx), [0.6, -0.3999999999999999, 1.0, -1.0, -0.1, -1.0], 1e-15);
    // F.smooth_l1_loss(x, y, reduction='sum')
    const smoothSum = lossAndGradients(
      (x, y) => smoothL1Loss(x, y, { reduction: 'sum' }),
      input,
      target,
    );
    expectClose(smoothSum.loss, [5.266249999999999], 1e-15);
    expectClose(f64(smoothSum.gy), [-0.3, 0.19999999999999996, -1.0, 1.0, 0.05, 1.0], 1e-15);
    // F.huber_loss(x, y, reduction='mean', delta=2.0)
    const huber = lossAndGradients((x, y) => huberLoss(x, y, { delta: 2 }), input, target);
    expectClose(huber.loss, [1.2452083333333333], 1e-15);
    expectClose(
      f64(huber.gx),
      [
        0.049999999999999996, -0.033333333333333326, 0.3333333333333333, -0.31666666666666665,
        -0.008333333333333333, -0.3333333333333333,
      ],
      1e-15,
    );
  });

  it('pass float64 gradchecks and gradgradchecks in input and target', () => {
    // Offsets keep every |difference| away from the kinks (0 and beta/delta).
    const x = sample([2, 3], 21, true);
    const y = x
      .detach()
      .add(
        f64([
          [0.3, -0.7, 1.6],
          [-2.2, 0.45, -0.15],
        ]),
      )
      .requiresGrad_();
    for (const f of [
      (a: Tensor, b: Tensor) => l1Loss(a, b),
      (a: Tensor, b: Tensor) => smoothL1Loss(a, b, { reduction: 'sum', beta: 0.5 }),
      (a: Tensor, b: Tensor) => huberLoss(a, b, { reduction: 'none', delta: 1.2 }),
    ]) {
      const first = gradcheck(f, [x, y]);
      expect(first.ok, first.message).toBe(true);
      expect(first.checked).toBe(12);
      const second = gradgradcheck(f, [x, y]);
      expect(second.ok, second.message).toBe(true);
    }
  });
});

// BCE inputs: probabilities p, targets t (soft labels allowed), weight broadcast from [1, 3].
const p = [
  [0.2, 0.9, 0.5],
  [0.01, 0.7, 0.999],
];
const t = [
  [0.0, 1.0, 0.3],
  [1.0, 0.0, 1.0],
];
const w = [[1.0, 2.0, 0.5]];

const naiveBce = (x: number, y: number) => -(y * Math.log(x) + (1 - y) * Math.log(1 - x));
const naiveBceLogits = (x: number, y: number, pw: number) => {
  const s = 1 / (1 + Math.exp(-x));
  return -(pw * y * Math.log(s) + (1 - y) * Math.log(1 - s));
};

describe('binaryCrossEntropy', () => {
  it.each(['none', 'mean', 'sum'] as const)(
    'against a naive reference, reduction %s',
    (reduction) => {
      const got = binaryCrossEntropy(f64(p), f64(t), { weight: f64(w), reduction });
      const expected = p.flat().map((x, i) => w[0]![i % 3]! * naiveBce(x, t.flat()[i]!));
      expectClose(got, reduced(expected, reduction), 1e-14, 1e-14);
    },
  );

  it('values and gradients of input and target match PyTorch', () => {
    // F.binary_cross_entropy(x, y, weight=torch.tensor(w, dtype=torch.float64), reduction='mean')
    const { loss, gx, gy } = lossAndGradients(
      (x, y) => binaryCrossEntropy(x, y, { weight: f64(w) }),
      p,
      t,
    );
    expectClose(loss, [1.2990090362860982], 1e-15, 1e-14);
    expectClose(
      f64(gx),
      [
        0.2083333333333333, -0.3703703703703704, 0.06666666666666667, -16.666666666666664,
        1.111111111111111, -0.08341675008341674,
      ],
      1e-15,
      1e-12,
    );
    expectClose(
      f64(gy),
      [
        0.23104906018664842, -0.7324081924454066, 0.0, 0.7658533083557649, -0.28243262012906784,
        -0.5755628982207127,
      ],
      1e-15,
      1e-12,
    );
    // F.binary_cross_entropy(x, y) without weight
    expectClose(binaryCrossEntropy(f64(p), f64(t)), [1.1386324563632653], 0, 1e-14);
  });

  it('floors each log at -100 as PyTorch, with finite gradients at 0 and 1', () => {
    // F.binary_cross_entropy(torch.tensor([0., 1., 0., 1.]), torch.tensor([1., 0., 0., 1.]), reduction='none')
    const x = tensor([0, 1, 0, 1], { dtype: 'float64', requiresGrad: true });
    const loss = binaryCrossEntropy(x, f64([1, 0, 0, 1]), { reduction: 'none' });
    expectClose(loss, [100, 100, 0, 0], 0);
    loss.sum().backward();
    // torch gives -1e12, 1e12, 0, 0 here (it divides by max(x(1 - x), 1e-12)); the derivative of
    // the floored loss is 0 where the floor applies and ±1 on the other term.
    expect(x.grad?.toArray()).toEqual([0, 0, 1, -1]);
  });

  it('gradchecks in float64 (input and soft target)', () => {
    const x = sample([2, 3], 3).mul(0.4).add(0.5).detach().requiresGrad_();
    const y = sample([2, 3], 4).mul(0.5).add(0.5).detach().requiresGrad_();
    const f = (a: Tensor, b: Tensor) => binaryCrossEntropy(a, b, { weight: f64(w) });
    const first = gradcheck(f, [x, y]);
    expect(first.ok, first.message).toBe(true);
    const second = gradgradcheck(f, [x, y]);
    expect(second.ok, second.message).toBe(true);
  });

  it('rejects inputs outside [0, 1] or NaN, as PyTorch, and names the fix', () => {
    expect(() => binaryCrossEntropy(f64([0.5, 1.2]), f64([1, 0]))).toThrow(
      'binaryCrossEntropy: all elements of input should be between 0 and 1, got min 0.5, max 1.2; for logits, use binaryCrossEntropyWithLogits',
    );
    expect(() => binaryCrossEntropy(f64([0.5, NaN]), f64([1, 0]))).toThrow(
      'binaryCrossEntropy: all elements of input should be between 0 and 1, got NaN; for logits, use binaryCrossEntropyWithLogits',
    );
  });

  it('a NaN target propagates (torch checks only the input)', () => {
    expect(
      numbers(binaryCrossEntropy(f64([0.5, 0.2]), f64([1, NaN]), { reduction: 'none' })),
    ).toEqual([Math.LN2, NaN]);
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  const logits = [
    [0.3, -1.2, 2.5],
    [-0.4, 0.0, -30.0],
  ];
  const pw = [2.0, 0.5, 1.0];

  it.each(['none', 'mean', 'sum'] as const)(
    'against a naive reference, reduction %s',
    (reduction) => {
      const got = binaryCrossEntropyWithLogits(f64(logits), f64(t), {
        weight: f64(w),
        posWeight: f64(pw),
        reduction,
      });
      const expected = logits
        .flat()
        .map((x, i) => w[0]![i % 3]! * naiveBceLogits(x, t.flat()[i]!, pw[i % 3]!));
      expectClose(got, reduced(expected, reduction), 1e-13, 1e-13);
    },
  );

  it('values and gradients of input and target match PyTorch', () => {
    // F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=torch.tensor(pw), reduction='none')
    const { loss, gx, gy } = lossAndGradients(
      (x, y) =>
        binaryCrossEntropyWithLogits(x, y, {
          weight: f64(w),
          posWeight: f64(pw),
          reduction: 'none',
        }),
      logits,
      t,
    );
    expectClose(
      loss,
      [
        0.854355244468527, 1.4632824673380314, 0.9144448671462748, 1.826030504799905,
        1.3862943611198906, 15.000000000000046,
      ],
      0,
      1e-14,
    );
    expectClose(
      f64(gx),
      [
        0.574442516811659, -0.7685247834990176, 0.31207090998937825, -1.197375320224904, 1.0,
        -0.4999999999999532,
      ],
      1e-15,
      1e-13,
    );
    expectClose(
      f64(gy),
      [
        0.2543552444685271, 0.9367175326619687, -1.25, 1.3130152523999525, -0.6931471805599453,
        15.0,
      ],
      1e-15,
      1e-13,
    );
    // F.binary_cross_entropy_with_logits(x, y): the gradient at logit 0 is σ(0) - t = -0.5 / 6
    const x = tensor(logits, { dtype: 'float64', requiresGrad: true });
    const plain = binaryCrossEntropyWithLogits(x, f64(t));
    expectClose(plain, [5.958781646509849], 0, 1e-14);
    plain.backward();
    expectClose(
      x.grad!,
      [
        0.09574041946860984, -0.12808746391650294, 0.10402363666312608, -0.09978127668540866,
        0.08333333333333333, -0.16666666666665106,
      ],
      1e-15,
      1e-12,
    );
  });

  it('is stable for extreme logits (float32 and float64), with the gradient σ(x) − t', () => {
    // F.binary_cross_entropy_with_logits(torch.tensor([-800., 800., -50., 50., 0.]), torch.tensor([1., 0., 0., 1., 1.]), reduction='none')
    const x32 = tensor([-800, 800, -50, 50, 0], { requiresGrad: true });
    const loss32 = binaryCrossEntropyWithLogits(x32, tensor([1, 0, 0, 1, 1]), {
      reduction: 'none',
    });
    expectClose(loss32, [800, 800, 0, 0, Math.LN2], 1e-7);
    loss32.sum().backward();
    expectClose(x32.grad!, [-1, 1, 0, 0, -0.5], 1e-7);
    const x64 = tensor([-800, 800, -50, 50], { dtype: 'float64', requiresGrad: true });
    const loss64 = binaryCrossEntropyWithLogits(x64, f64([1, 0, 0, 1]), { reduction: 'none' });
    // torch: [800, 800, 0, 0]; the last is log(1 + e^-50) = 1.9e-22, which torch's log(1 + ...) rounds to 0
    expectClose(loss64, [800, 800, 0, 1.9287498479639178e-22], 0, 1e-15);
    loss64.sum().backward();
    // torch: [-1.0, 1.0, 1.928749847963918e-22, 0.0]
    expectClose(x64.grad!, [-1, 1, 1.928749847963918e-22, 0], 1e-21);
  });

  it('gradchecks and gradgradchecks in float64, through logit 0 (input, target, posWeight)', () => {
    const x = f64([
      [0.0, -1.3, 2.2],
      [0.7, -0.2, 4.0],
    ]).requiresGrad_();
    const y = sample([2, 3], 8).mul(0.5).add(0.5).detach().requiresGrad_();
    const posWeight = f64([2, 0.5, 1.5]).requiresGrad_();
    const f = (a: Tensor, b: Tensor, c: Tensor) =>
      binaryCrossEntropyWithLogits(a, b, { posWeight: c, weight: f64(w) });
    const first = gradcheck(f, [x, y, posWeight]);
    expect(first.ok, first.message).toBe(true);
    expect(first.checked).toBe(15);
    const second = gradgradcheck(f, [x, y, posWeight]);
    expect(second.ok, second.message).toBe(true);
  });

  it('equals binaryCrossEntropy(sigmoid(x)) where the sigmoid does not saturate', () => {
    const x = sample([3, 4], 9).mul(3);
    const y = sample([3, 4], 10).abs();
    expectClose(
      binaryCrossEntropyWithLogits(x, y, { reduction: 'none' }),
      numbers(binaryCrossEntropy(x.sigmoid(), y, { reduction: 'none' })),
      1e-14,
      1e-13,
    );
  });

  it('NaN logits propagate', () => {
    expect(
      numbers(binaryCrossEntropyWithLogits(f64([NaN, 0]), f64([1, 1]), { reduction: 'none' })),
    ).toEqual([NaN, Math.LN2]);
  });

  it('rejects a weight or posWeight that does not broadcast to the input', () => {
    expect(() =>
      binaryCrossEntropyWithLogits(zeros([2, 3]), zeros([2, 3]), { posWeight: zeros([2]) }),
    ).toThrow(
      "binaryCrossEntropyWithLogits: posWeight has shape [2], which does not broadcast to the input's [2, 3]",
    );
    expect(() =>
      binaryCrossEntropyWithLogits(zeros([2, 3]), zeros([2, 3]), { weight: zeros([2, 1, 3]) }),
    ).toThrow(
      "binaryCrossEntropyWithLogits: weight has shape [2, 1, 3], which does not broadcast to the input's [2, 3]",
    );
  });
});

describe('the pointwise losses share their checks and edge cases', () => {
  const all: [string, (x: Tensor, y: Tensor, r?: Reduction) => Tensor][] = [
    ['l1Loss', (x, y, reduction) => F.l1Loss(x, y, { reduction })],
    ['smoothL1Loss', (x, y, reduction) => F.smoothL1Loss(x, y, { reduction })],
    ['huberLoss', (x, y, reduction) => F.huberLoss(x, y, { reduction })],
    ['binaryCrossEntropy', (x, y, reduction) => F.binaryCrossEntropy(x, y, { reduction })],
    [
      'binaryCrossEntropyWithLogits',
      (x, y, reduction) => F.binaryCrossEntropyWithLogits(x, y, { reduction }),
    ],
  ];

  it.each(all)('%s names a bad reduction, a shape mismatch and an integer target', (name, loss) => {
    const x = tensor([0.5, 0.25]);
    expect(() => loss(x, tensor([1, 0]), 'avg' as Reduction)).toThrow(
      `${name}: reduction must be 'mean', 'sum' or 'none', got 'avg'`,
    );
    expect(() => loss(x, tensor([[1], [0]]))).toThrow(
      `${name}: input has shape [2] but target [2, 1]; expected equal shapes`,
    );
    expect(() => loss(x, tensor([1, 0], { dtype: 'int32' }))).toThrow(
      `${name}: target has dtype int32; expected float32 or float64 (cast it: target.cast('float32'))`,
    );
  });

  it.each(all)('%s on a size-0 batch: NaN mean (as torch), 0 sum, empty none', (_name, loss) => {
    const x = zeros([0, 3]);
    expect(Number.isNaN(loss(x, zeros([0, 3])).item())).toBe(true);
    expect(loss(x, zeros([0, 3]), 'sum').item()).toBe(0);
    expect(loss(x, zeros([0, 3]), 'none').shape).toEqual([0, 3]);
  });

  it.each(all.filter(([name]) => name !== 'binaryCrossEntropy'))(
    '%s propagates a NaN input',
    (_name, loss) => {
      const values = numbers(loss(tensor([NaN, 0.5]), tensor([1, 0.5]), 'none'));
      expect(Number.isNaN(values[0])).toBe(true);
      expect(Number.isNaN(values[1])).toBe(false);
    },
  );

  it('smoothL1Loss and huberLoss reject a negative beta and a non-positive delta, as torch', () => {
    expect(() => smoothL1Loss(tensor([1]), tensor([0]), { beta: -1 })).toThrow(
      'smoothL1Loss: beta must be >= 0, got -1',
    );
    expect(() => huberLoss(tensor([1]), tensor([0]), { delta: 0 })).toThrow(
      'huberLoss: delta must be positive, got 0',
    );
  });
});
