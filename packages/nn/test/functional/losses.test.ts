import { describe, expect, it } from 'vitest';
import { gradcheck, tensor } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { F, crossEntropy, mseLoss, nllLoss } from '@tensorgrad/nn';
import type { Reduction } from '@tensorgrad/nn';
import { expectClose, naiveLogSoftmax, numbers, sample } from '../helpers.js';

/** Logits [N, C, ...rest] → one row of C logits per position (n, ...rest), in target order. */
function positions(logits: Tensor): number[][] {
  const [n, c] = logits.shape as [number, number];
  const rest = logits.size / (n * c);
  const v = numbers(logits);
  const out: number[][] = [];
  for (let i = 0; i < n; i++)
    for (let r = 0; r < rest; r++)
      out.push(Array.from({ length: c }, (_, k) => v[(i * c + k) * rest + r]!));
  return out;
}

interface NaiveOptions {
  weight?: number[];
  ignoreIndex?: number;
  smoothing?: number;
  reduction?: Reduction;
}

/** PyTorch's cross_entropy with class-index targets, written out per position in float64. */
function naiveCrossEntropy(
  rowsOfLogits: number[][],
  targets: number[],
  o: NaiveOptions = {},
): number | number[] {
  const c = rowsOfLogits[0]!.length;
  const eps = o.smoothing ?? 0;
  const w = o.weight ?? new Array<number>(c).fill(1);
  const per: number[] = [];
  let nllSum = 0;
  let smoothSum = 0;
  let weightSum = 0;
  rowsOfLogits.forEach((row, p) => {
    const t = targets[p]!;
    if (t === (o.ignoreIndex ?? -100)) {
      per.push(0);
      return;
    }
    const lp = naiveLogSoftmax(row);
    const nll = -w[t]! * lp[t]!;
    const smooth = -lp.reduce((s, v, k) => s + w[k]! * v, 0);
    per.push((1 - eps) * nll + (eps / c) * smooth);
    nllSum += nll;
    smoothSum += smooth;
    weightSum += w[t]!;
  });
  if ((o.reduction ?? 'mean') === 'none') return per;
  if (o.reduction === 'sum') return per.reduce((a, b) => a + b, 0);
  return ((1 - eps) * nllSum) / weightSum + ((eps / c) * smoothSum) / weightSum;
}

/** PyTorch's cross_entropy with probability targets. */
function naiveSoftCrossEntropy(
  rowsOfLogits: number[][],
  probs: number[][],
  o: NaiveOptions = {},
): number | number[] {
  const c = rowsOfLogits[0]!.length;
  const eps = o.smoothing ?? 0;
  const w = o.weight ?? new Array<number>(c).fill(1);
  const per = rowsOfLogits.map((row, p) => {
    const lp = naiveLogSoftmax(row);
    return -lp.reduce((s, v, k) => s + w[k]! * ((1 - eps) * probs[p]![k]! + eps / c) * v, 0);
  });
  if ((o.reduction ?? 'mean') === 'none') return per;
  const sum = per.reduce((a, b) => a + b, 0);
  return o.reduction === 'sum' ? sum : sum / per.length;
}

const int = (values: number[] | number[][] | number[][][]) => tensor(values, { dtype: 'int32' });

describe('crossEntropy', () => {
  it('matches a hand-computed value: logits [1, 2, 3], class 0 → log(e + e² + e³) − 1', () => {
    const loss = crossEntropy(tensor([[1, 2, 3]], { dtype: 'float64' }), int([0]));
    expect(loss.item()).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 1, 14);
    expect(loss.item()).toBeCloseTo(2.4076059644443806, 14);
  });

  it.each(['mean', 'sum', 'none'] as const)(
    '[N, C] with class indices, reduction %s',
    (reduction) => {
      const logits = sample([5, 4], 1).mul(3);
      const target = int([0, 3, 1, 1, 2]);
      expectClose(
        crossEntropy(logits, target, { reduction }),
        [naiveCrossEntropy(positions(logits), numbers(target), { reduction })].flat(),
        1e-12,
      );
    },
  );

  it.each(['mean', 'sum', 'none'] as const)(
    '[N, C, d1, d2] with weights, ignoreIndex and label smoothing, reduction %s',
    (reduction) => {
      const logits = sample([2, 3, 2, 2], 2).mul(2);
      const targets = [
        [
          [0, 2],
          [-1, 1],
        ],
        [
          [2, 2],
          [1, -1],
        ],
      ];
      const weight = [0.2, 1.5, 0.7];
      const options = { weight, ignoreIndex: -1, smoothing: 0.15, reduction };
      const got = crossEntropy(logits, int(targets), {
        weight: tensor(weight, { dtype: 'float64' }),
        ignoreIndex: -1,
        labelSmoothing: 0.15,
        reduction,
      });
      if (reduction === 'none') expect(got.shape).toEqual([2, 2, 2]);
      expectClose(
        got,
        [naiveCrossEntropy(positions(logits), targets.flat(2), options)].flat(),
        1e-12,
      );
    },
  );

  it.each(['mean', 'sum', 'none'] as const)(
    'probability targets with weights and smoothing, reduction %s',
    (reduction) => {
      const logits = sample([3, 4], 3).mul(2);
      const probs = [
        [0.1, 0.2, 0.3, 0.4],
        [1, 0, 0, 0],
        [0.25, 0.25, 0.25, 0.25],
      ];
      const weight = [1, 2, 0.5, 1];
      const got = crossEntropy(logits, tensor(probs, { dtype: 'float64' }), {
        weight: tensor(weight, { dtype: 'float64' }),
        labelSmoothing: 0.1,
        reduction,
      });
      expectClose(
        got,
        [
          naiveSoftCrossEntropy(positions(logits), probs, { weight, smoothing: 0.1, reduction }),
        ].flat(),
        1e-12,
      );
    },
  );

  it('accepts an unbatched [C] input with a scalar target', () => {
    const logits = tensor([0.5, -1, 2], { dtype: 'float64' });
    expectClose(
      crossEntropy(logits, tensor(2, { dtype: 'int32' })),
      [-naiveLogSoftmax([0.5, -1, 2])[2]!],
      1e-14,
    );
  });

  it("returns NaN for a 'mean' over targets that are all ignored, as PyTorch", () => {
    const loss = crossEntropy(tensor([[1, 2]]), int([-100]));
    expect(Number.isNaN(loss.item())).toBe(true);
  });

  it('names wrong target shapes, dtypes and classes', () => {
    const logits = tensor([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(() => crossEntropy(logits, int([0, 1, 2]))).toThrow(
      'crossEntropy: target has shape [3]; for input [2, 3] (classes in dim 1) expected [2]',
    );
    expect(() => crossEntropy(logits, int([0, 3]))).toThrow(
      'crossEntropy: target holds class 3, outside [0, 3) (and not the ignoreIndex -100)',
    );
    expect(() => crossEntropy(logits, tensor([0.5, 0.5]))).toThrow(
      "crossEntropy: got a float32 target of shape [2] for input [2, 3]. A float target holds class probabilities and must have the input's shape [2, 3]; it has the shape of class indices",
    );
    expect(() => crossEntropy(logits, int([0, 1]), { reduction: 'avg' as Reduction })).toThrow(
      "crossEntropy: reduction must be 'mean', 'sum' or 'none', got 'avg'",
    );
  });

  it('passes float64 gradchecks (class indices with smoothing and weights; probabilities)', () => {
    const weight = tensor([0.5, 1, 2], { dtype: 'float64' });
    const hard = gradcheck(
      (x) =>
        crossEntropy(
          x,
          int([
            [0, 2],
            [1, -100],
          ]),
          { weight, labelSmoothing: 0.2 },
        ),
      [sample([2, 3, 2], 4, true)],
    );
    expect(hard.ok, hard.message).toBe(true);
    const soft = gradcheck(
      (x, p) => crossEntropy(x, p),
      [sample([2, 3], 5, true), sample([2, 3], 6, true).abs()],
    );
    expect(soft.ok, soft.message).toBe(true);
  });
});

describe('nllLoss, mseLoss, oneHot', () => {
  it('nllLoss picks −logp[target], weighted mean over non-ignored targets', () => {
    const logp = F.logSoftmax(sample([4, 3], 7), 1);
    const lp = numbers(logp);
    const w = [1, 3, 0.5];
    const targets = [2, 0, -100, 1];
    const num = -(w[2]! * lp[2]! + w[0]! * lp[3]! + w[1]! * lp[10]!);
    const den = w[2]! + w[0]! + w[1]!;
    expectClose(
      nllLoss(logp, int(targets), { weight: tensor(w, { dtype: 'float64' }) }),
      [num / den],
      1e-14,
    );
    expectClose(
      nllLoss(logp, int(targets), { reduction: 'none' }),
      [-lp[2]!, -lp[3]!, 0, -lp[10]!],
      1e-14,
    );
    const report = gradcheck((x) => nllLoss(x, int(targets)), [sample([4, 3], 8, true)]);
    expect(report.ok, report.message).toBe(true);
  });

  it('mseLoss averages squared differences and refuses mismatched shapes', () => {
    const a = tensor([1, 2, 3], { dtype: 'float64' });
    const b = tensor([1, 0, 0], { dtype: 'float64' });
    expectClose(mseLoss(a, b), [13 / 3], 1e-15);
    expectClose(mseLoss(a, b, { reduction: 'sum' }), [13], 1e-15);
    expectClose(mseLoss(a, b, { reduction: 'none' }), [0, 4, 9], 1e-15);
    expect(() => mseLoss(a, b.reshape([3, 1]))).toThrow(
      'mseLoss: input has shape [3] but target [3, 1]; expected equal shapes',
    );
    const report = gradcheck(
      (x, y) => mseLoss(x, y),
      [sample([2, 3], 1, true), sample([2, 3], 2, true)],
    );
    expect(report.ok, report.message).toBe(true);
  });

  it('oneHot makes int32 indicator vectors, inferring the class count', () => {
    expect(F.oneHot(int([0, 2])).toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(F.oneHot(int([1]), 4).toArray()).toEqual([[0, 1, 0, 0]]);
    expect(F.oneHot(int([1])).dtype).toBe('int32');
  });
});
