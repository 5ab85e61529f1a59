/**
 * The loss modules: PyTorch's defaults and numbers (torch 1.13, float64, the snippet beside each),
 * the same result as their function, weights held as buffers under PyTorch's state-dict keys,
 * and options checked when the module is built.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck, tensor } from '@tensorgrad/autograd';
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  F,
  HuberLoss,
  L1Loss,
  MSELoss,
  type Module,
  NLLLoss,
  type Reduction,
  SmoothL1Loss,
} from '@tensorgrad/nn';
import { expectClose, numbers, sample } from '../helpers.js';

const f64 = (values: number[] | number[][]) => tensor(values, { dtype: 'float64' });
const int = (values: number[]) => tensor(values, { dtype: 'int32' });

// logits = torch.tensor([[1.0, -0.5, 2.0], [0.3, 0.8, -1.2], [2.2, 0.1, 0.4]], dtype=torch.float64)
const logits = f64([
  [1.0, -0.5, 2.0],
  [0.3, 0.8, -1.2],
  [2.2, 0.1, 0.4],
]);
const classes = int([2, 0, 1]);
const classWeight = [0.5, 2.0, 1.0];
// a, b: regression pairs; pr, t: probabilities and soft targets
const a = f64([
  [0.3, -1.2],
  [2.5, 0.0],
]);
const b = f64([
  [0.1, 0.3],
  [-0.5, 0.4],
]);
const pr = f64([
  [0.2, 0.7],
  [0.9, 0.4],
]);
const t = f64([
  [0, 1],
  [1, 0.5],
]);

describe('loss modules against PyTorch', () => {
  it('CrossEntropyLoss and NLLLoss with weights, ignoreIndex, smoothing and reductions', () => {
    // nn.CrossEntropyLoss(weight=w, ignore_index=0, label_smoothing=0.1)(logits, target)
    const ce = new CrossEntropyLoss({
      weight: f64(classWeight),
      ignoreIndex: 0,
      labelSmoothing: 0.1,
    });
    expectClose(ce.forward(logits, classes), [1.6752636350429224], 1e-15, 1e-14);
    // nn.NLLLoss(weight=w, reduction='sum')(logits.log_softmax(1), target)
    const nll = new NLLLoss({ weight: f64(classWeight), reduction: 'sum' });
    expectClose(nll.forward(logits.logSoftmax(1), classes), [5.604818767581719], 1e-15, 1e-14);
  });

  it('MSELoss, L1Loss, SmoothL1Loss, HuberLoss', () => {
    // nn.MSELoss(reduction='sum')(a, b), nn.L1Loss()(a, b), nn.SmoothL1Loss(beta=0.8)(a, b)
    expectClose(new MSELoss({ reduction: 'sum' }).forward(a, b), [11.45], 1e-14);
    expectClose(new L1Loss().forward(a, b), [1.2750000000000001], 1e-15);
    expectClose(new SmoothL1Loss({ beta: 0.8 }).forward(a, b), [0.95625], 1e-15);
    // nn.HuberLoss(reduction='none', delta=0.8)(a, b)
    expectClose(
      new HuberLoss({ reduction: 'none', delta: 0.8 }).forward(a, b),
      [0.019999999999999997, 0.8800000000000001, 2.08, 0.08000000000000002],
      1e-15,
    );
  });

  it('BCELoss and BCEWithLogitsLoss with weight and posWeight', () => {
    // nn.BCELoss(weight=torch.tensor([1., 3.]))(pr, t)
    expectClose(
      new BCELoss({ weight: f64([1, 3]) }).forward(pr, t),
      [0.884800858062113],
      1e-15,
      1e-14,
    );
    // nn.BCEWithLogitsLoss(weight=torch.tensor([1., 3.]), pos_weight=torch.tensor([2., 0.5]), reduction='sum')(a, t)
    const withLogits = new BCEWithLogitsLoss({
      weight: f64([1, 3]),
      posWeight: f64([2, 0.5]),
      reduction: 'sum',
    });
    expectClose(withLogits.forward(a, t), [4.76663957032055], 1e-15, 1e-14);
  });
});

describe('loss modules as modules', () => {
  it("default to PyTorch's options", () => {
    const ce = new CrossEntropyLoss();
    expect([ce.weight, ce.ignoreIndex, ce.reduction, ce.labelSmoothing]).toEqual([
      null,
      -100,
      'mean',
      0,
    ]);
    const nll = new NLLLoss();
    expect([nll.weight, nll.ignoreIndex, nll.reduction]).toEqual([null, -100, 'mean']);
    expect(new SmoothL1Loss().beta).toBe(1);
    expect(new HuberLoss().delta).toBe(1);
    const bce = new BCEWithLogitsLoss();
    expect([bce.weight, bce.posWeight, bce.reduction]).toEqual([null, null, 'mean']);
    for (const m of [new MSELoss(), new L1Loss(), new BCELoss()]) expect(m.reduction).toBe('mean');
  });

  it('give the same result as their function for every reduction', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const pairs: [Tensor, Tensor][] = [
        [
          new CrossEntropyLoss({ reduction }).forward(logits, classes),
          F.crossEntropy(logits, classes, { reduction }),
        ],
        [new MSELoss({ reduction }).forward(a, b), F.mseLoss(a, b, { reduction })],
        [new L1Loss({ reduction }).forward(a, b), F.l1Loss(a, b, { reduction })],
        [new SmoothL1Loss({ reduction }).forward(a, b), F.smoothL1Loss(a, b, { reduction })],
        [new HuberLoss({ reduction }).forward(a, b), F.huberLoss(a, b, { reduction })],
        [new BCELoss({ reduction }).forward(pr, t), F.binaryCrossEntropy(pr, t, { reduction })],
        [
          new BCEWithLogitsLoss({ reduction }).forward(a, t),
          F.binaryCrossEntropyWithLogits(a, t, { reduction }),
        ],
      ];
      for (const [module, functional] of pairs) {
        expect(module.shape).toEqual(functional.shape);
        expect(numbers(module)).toEqual(numbers(functional));
      }
    }
  });

  it('hold class weights as buffers under PyTorch keys (weight, pos_weight), only when given', () => {
    const keys = (m: Module) => Object.keys(m.stateDict());
    expect(keys(new CrossEntropyLoss())).toEqual([]);
    expect(keys(new CrossEntropyLoss({ weight: f64(classWeight) }))).toEqual(['weight']);
    expect(keys(new NLLLoss({ weight: f64(classWeight) }))).toEqual(['weight']);
    expect(keys(new BCELoss({ weight: f64([1, 3]) }))).toEqual(['weight']);
    expect(keys(new BCEWithLogitsLoss({ posWeight: f64([1, 3]) }))).toEqual(['pos_weight']);
    expect(keys(new BCEWithLogitsLoss({ weight: f64([1]), posWeight: f64([1, 3]) }))).toEqual([
      'weight',
      'pos_weight',
    ]);
    const loss = new BCEWithLogitsLoss({ posWeight: f64([1, 1]) });
    expect(loss.parameters()).toEqual([]);
    // A loaded pos_weight is the one used: all-positive targets at logit 0 cost posWeight · log 2.
    loss.loadStateDict({ pos_weight: f64([2, 4]) });
    expectClose(loss.forward(f64([[0, 0]]), f64([[1, 1]])), [3 * Math.LN2], 1e-15);
  });

  it('check options when built: a bad reduction name or an unknown option', () => {
    expect(() => new L1Loss({ reduction: 'avg' as Reduction })).toThrow(
      "L1Loss: reduction must be 'mean', 'sum' or 'none', got 'avg'",
    );
    expect(() => new CrossEntropyLoss({ reduction: 'batchmean' as Reduction })).toThrow(
      "CrossEntropyLoss: reduction must be 'mean', 'sum' or 'none', got 'batchmean'",
    );
    expect(() => new BCEWithLogitsLoss({ pos_weight: f64([2]) } as never)).toThrow(
      'BCEWithLogitsLoss: unknown option `pos_weight`; did you mean `posWeight`?',
    );
    expect(() => new HuberLoss({ beta: 2 } as never)).toThrow(/HuberLoss: unknown option `beta`/);
  });

  it('report shape and dtype errors from their function', () => {
    expect(() => new L1Loss().forward(a, b.reshape([4]))).toThrow(
      'l1Loss: input has shape [2, 2] but target [4]; expected equal shapes',
    );
    // The module throws exactly what its function throws.
    let message = '';
    try {
      F.crossEntropy(logits, f64([2, 0, 1]));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^crossEntropy: /);
    expect(() => new CrossEntropyLoss().forward(logits, f64([2, 0, 1]))).toThrow(message);
  });

  it('pass a float64 gradcheck through forward', () => {
    const x = sample([3, 3], 31, true);
    const report = gradcheck(
      (input: Tensor) =>
        new CrossEntropyLoss({ weight: f64(classWeight), labelSmoothing: 0.2 }).forward(
          input,
          classes,
        ),
      [x],
    );
    expect(report.ok, report.message).toBe(true);
    const bce = gradcheck(
      (input: Tensor) =>
        new BCEWithLogitsLoss({ posWeight: f64([2, 0.5, 1]) }).forward(
          input,
          f64([
            [1, 0, 0.5],
            [0, 1, 1],
            [1, 1, 0],
          ]),
        ),
      [x],
    );
    expect(bce.ok, bce.message).toBe(true);
  });
});
