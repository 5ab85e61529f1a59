/**
 * F.batchNorm, BatchNorm1d and BatchNorm2d against a naive loop and against PyTorch 1.13:
 * batch statistics in training (biased variance normalises, unbiased updates the running
 * variance), running statistics in evaluation, the cumulative average of `momentum: null`, the
 * state dict with its int32 `num_batches_tracked`, gradients, and every error message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Tensor,
  arange,
  gpuAvailability,
  gradcheck,
  gradgradcheck,
  memory,
  ones,
  setBackend,
  tensor,
  tidy,
  zeros,
} from '@tensorgrad/autograd';
import { BatchNorm1d, BatchNorm2d, F, writeSafetensors } from '@tensorgrad/nn';
import { bytesOf, buildFile, concatBytes } from '../io/build-file.js';
import { expectClose, gradcheckModule, numbers, sample } from '../helpers.js';

/** `((i · 7) % 11) + i / 100 − 5` in float64, as `ramp` in the PyTorch scripts below. */
function ramp(shape: number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const i = arange(size, { dtype: 'float64' });
  return i.mul(7).mod(11).add(i.div(100)).sub(5).reshape(shape);
}

/**
 * Naive batch norm in training mode of x [n, c, s] (s = spatial size): per channel, the mean
 * and biased variance over n and s normalise; returns the output and the unbiased variance.
 */
function naiveTraining(
  x: number[],
  [n, c, s]: [number, number, number],
  weight: number[],
  bias: number[],
  eps: number,
): { y: number[]; mean: number[]; unbiased: number[] } {
  const y = new Array<number>(x.length);
  const mean: number[] = [];
  const unbiased: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const at = (b: number, k: number): number => (b * c + ch) * s + k;
    let sum = 0;
    for (let b = 0; b < n; b++) for (let k = 0; k < s; k++) sum += x[at(b, k)]!;
    const m = sum / (n * s);
    let squares = 0;
    for (let b = 0; b < n; b++) for (let k = 0; k < s; k++) squares += (x[at(b, k)]! - m) ** 2;
    const biased = squares / (n * s);
    for (let b = 0; b < n; b++) {
      for (let k = 0; k < s; k++)
        y[at(b, k)] = ((x[at(b, k)]! - m) / Math.sqrt(biased + eps)) * weight[ch]! + bias[ch]!;
    }
    mean.push(m);
    unbiased.push(squares / (n * s - 1));
  }
  return { y, mean, unbiased };
}

function setAffine(norm: BatchNorm1d | BatchNorm2d, weight: number[], bias: number[]): void {
  norm.weight!.assign(tensor(weight, { dtype: norm.weight!.dtype }));
  norm.bias!.assign(tensor(bias, { dtype: norm.bias!.dtype }));
}

describe('BatchNorm1d / BatchNorm2d', () => {
  it('starts as PyTorch: weight 1, bias 0, running mean 0, running var 1, 0 batches (int32, shape [])', () => {
    const norm = new BatchNorm2d(3);
    expect(norm.eps).toBe(1e-5);
    expect(norm.momentum).toBe(0.1);
    expect(norm.training).toBe(true);
    const sd = norm.stateDict();
    expect(Object.keys(sd)).toEqual([
      'weight',
      'bias',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(numbers(sd['weight']!)).toEqual([1, 1, 1]);
    expect(numbers(sd['bias']!)).toEqual([0, 0, 0]);
    expect(numbers(sd['running_mean']!)).toEqual([0, 0, 0]);
    expect(numbers(sd['running_var']!)).toEqual([1, 1, 1]);
    expect(sd['num_batches_tracked']!.dtype).toBe('int32');
    expect(sd['num_batches_tracked']!.shape).toEqual([]);
    expect(norm.parameters()).toHaveLength(2);
    expect(norm.buffers()).toHaveLength(3);
    // Without affine / running statistics, the entries disappear as in PyTorch.
    expect(Object.keys(new BatchNorm1d(3, { affine: false }).stateDict())).toEqual([
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(Object.keys(new BatchNorm1d(3, { trackRunningStats: false }).stateDict())).toEqual([
      'weight',
      'bias',
    ]);
  });

  // PyTorch 1.13 (torch.set_default_dtype(torch.float64)):
  //   ramp = lambda *s: (((i := torch.arange(math.prod(s)))*7 % 11) + i/100 - 5).reshape(s)
  //   bn = nn.BatchNorm2d(3); bn.weight[:] = [1.5, -0.5, 2]; bn.bias[:] = [0.1, 0.2, -0.3]
  //   y1 = bn(ramp(2, 3, 2, 2)); bn(ramp(4, 3, 1, 2) * 2 + 1)
  //   bn.running_mean, bn.running_var, bn.num_batches_tracked; bn.eval(); bn(ramp(1, 3, 2, 2))
  it('two training steps then evaluation match PyTorch', () => {
    const norm = new BatchNorm2d(3, { dtype: 'float64' });
    setAffine(norm, [1.5, -0.5, 2], [0.1, 0.2, -0.3]);
    const y1 = norm.forward(ramp([2, 3, 2, 2]));
    norm.forward(ramp([4, 3, 1, 2]).mul(2).add(1));
    expectClose(norm.runningMean!, [0.11825000000000002, 0.3721, -0.19905], 1e-14);
    expectClose(
      norm.runningVar!,
      [5.802280285714287, 6.1098874285714295, 6.319908857142858],
      1e-13,
    );
    expect(norm.numBatchesTracked!.item()).toBe(2);
    expectClose(
      y1,
      [
        -2.526262870474159, 0.6342697856672752, -1.1646639230351958, 1.9958687331062381,
        0.01759790511971414, 0.7107258656648004, -0.5070252630121558, 0.18610269753293054,
        -2.213833329716168, 2.149084277214023, -0.33423116524695595, -2.8175466077079343,
        0.6838644493157144, -1.1150692593867568, 2.045463396754678, 0.24652968805220649,
        0.6916170747725799, -0.5261340539043761, 0.16699390664071023, 0.8601218671857964,
        2.217546607707934, -0.265768834753044, -2.749084277214023, 1.6138333297161682,
      ],
      1e-12,
    );
    norm.eval();
    const y3 = norm.forward(ramp([1, 3, 2, 2]));
    expectClose(
      y3,
      [
        -3.0872272354492423, 1.2780270839957217, -1.2066183845613974, 3.1586359348835664,
        0.06489715700429877, 0.8719945421710121, -0.5459885831469481, 0.2611088020197654,
        -3.2602478800142705, 2.3166444831994344, -0.8576494582018044, -4.031943399603042,
      ],
      1e-12,
    );
    // Evaluation changes nothing.
    expect(norm.numBatchesTracked!.item()).toBe(2);
    expectClose(norm.runningMean!, [0.11825000000000002, 0.3721, -0.19905], 1e-14);
  });

  // PyTorch 1.13: bn = nn.BatchNorm1d(2, momentum=None)
  //   for x in (ramp(3, 2, 4), ramp(2, 2, 3) * 3, ramp(5, 2, 1) - 1): bn(x)
  it('momentum null keeps the cumulative average, as PyTorch', () => {
    const norm = new BatchNorm1d(2, { momentum: null, dtype: 'float64' });
    norm.forward(ramp([3, 2, 4]));
    norm.forward(ramp([2, 2, 3]).mul(3));
    norm.forward(ramp([5, 2, 1]).sub(1));
    expectClose(norm.runningMean!, [-1.7594444444444446, 0.4594444444444442], 1e-13);
    expectClose(norm.runningVar!, [45.50076383838384, 47.5494305050505], 1e-12);
    expect(norm.numBatchesTracked!.item()).toBe(3);
  });

  it('training normalises with the biased variance and tracks the unbiased one (naive loop)', () => {
    const norm = new BatchNorm1d(3, { momentum: 0.3, eps: 1e-3, dtype: 'float64' });
    setAffine(norm, [0.5, 2, -1], [1, 0, 0.25]);
    const x = sample([4, 3, 5], 3).mul(4);
    const reference = naiveTraining(numbers(x), [4, 3, 5], [0.5, 2, -1], [1, 0, 0.25], 1e-3);
    expectClose(norm.forward(x), reference.y, 1e-12);
    expectClose(
      norm.runningMean!,
      reference.mean.map((m) => 0.3 * m),
      1e-14,
    );
    expectClose(
      norm.runningVar!,
      reference.unbiased.map((v) => 0.7 + 0.3 * v),
      1e-14,
    );
  });

  it('accepts [n, c] and [n, c, l] (1d), [n, c, h, w] with size-1 spatial dims (2d), non-contiguous inputs', () => {
    const flat = sample([6, 3], 1);
    const reference = naiveTraining(numbers(flat), [6, 3, 1], [1, 1, 1], [0, 0, 0], 1e-5);
    expectClose(new BatchNorm1d(3, { dtype: 'float64' }).forward(flat), reference.y, 1e-12);
    const images = sample([5, 2, 1, 1], 2);
    const asFlat = naiveTraining(numbers(images), [5, 2, 1], [1, 1], [0, 0], 1e-5);
    expectClose(new BatchNorm2d(2, { dtype: 'float64' }).forward(images), asFlat.y, 1e-12);
    // [n, l, c] transposed to [n, c, l]: a view, equal to its contiguous copy.
    const view = sample([3, 4, 2], 5).transpose(1, 2);
    expect(view.isContiguous()).toBe(false);
    const a = new BatchNorm1d(2, { dtype: 'float64' });
    const b = new BatchNorm1d(2, { dtype: 'float64' });
    expectClose(a.forward(view), numbers(b.forward(view.contiguous())), 1e-14);
    expectClose(a.runningVar!, numbers(b.runningVar!), 1e-14);
  });

  it('without running statistics, evaluation uses the batch statistics too', () => {
    const norm = new BatchNorm1d(2, { trackRunningStats: false, dtype: 'float64' });
    const x = sample([4, 2], 8);
    const train = numbers(norm.forward(x));
    expectClose(norm.eval().forward(x), train, 0);
    expect(norm.runningMean).toBeNull();
  });

  it('running-stat updates are not recorded by autograd; gradients flow to input, weight and bias', () => {
    const norm = new BatchNorm2d(2, { dtype: 'float64' });
    const x = sample([3, 2, 2, 2], 4, true);
    const y = norm.forward(x);
    for (const b of norm.buffers()) {
      expect(b.requiresGrad).toBe(false);
      expect(b.gradFn).toBeNull();
    }
    y.mul(sample([3, 2, 2, 2], 9))
      .sum()
      .backward();
    expect(x.grad?.shape).toEqual([3, 2, 2, 2]);
    expect(norm.weight!.grad?.shape).toEqual([2]);
    expect(norm.runningMean!.grad).toBeNull();
  });

  it('passes gradcheck in training and in evaluation mode', () => {
    const norm = new BatchNorm2d(2, { dtype: 'float64' });
    setAffine(norm, [1.3, -0.7], [0.2, 0.1]);
    gradcheckModule(norm, [sample([3, 2, 2, 2], 6, true)], (x) => norm.forward(x));
    norm.eval();
    gradcheckModule(norm, [sample([3, 2, 2, 2], 7, true)], (x) => norm.forward(x));
  });

  it('F.batchNorm passes gradcheck and gradgradcheck (training without running stats, and eval)', () => {
    const x = sample([4, 3, 2], 11, true);
    const w = sample([3], 12, true);
    const b = sample([3], 13, true);
    const training = (x: Tensor, w: Tensor, b: Tensor): Tensor =>
      F.batchNorm(x, null, null, { weight: w, bias: b, training: true });
    const rm = sample([3], 14);
    const rv = sample([3], 15).abs().add(0.5);
    const evaluation = (x: Tensor, w: Tensor, b: Tensor): Tensor =>
      F.batchNorm(x, rm, rv, { weight: w, bias: b });
    for (const fn of [training, evaluation]) {
      for (const check of [gradcheck, gradgradcheck]) {
        const report = check(fn, [x, w, b]);
        expect(report.ok, report.message).toBe(true);
      }
    }
  });

  it('F.batchNorm on an empty batch returns it and leaves the running statistics alone', () => {
    const rm = zeros([3]);
    const rv = ones([3]);
    const y = F.batchNorm(zeros([0, 3]), rm, rv, { training: true });
    expect(y.shape).toEqual([0, 3]);
    expect(numbers(rm)).toEqual([0, 0, 0]);
    expect(numbers(rv)).toEqual([1, 1, 1]);
  });

  it('round-trips its state dict through safetensors (num_batches_tracked as I32)', () => {
    const norm = new BatchNorm1d(2);
    norm.forward(sample([4, 2], 3).cast('float32'));
    norm.forward(sample([4, 2], 4).cast('float32'));
    const loaded = new BatchNorm1d(2);
    loaded.loadSafetensors(writeSafetensors(norm.stateDict()));
    expect(loaded.numBatchesTracked!.item()).toBe(2);
    expect(numbers(loaded.runningVar!)).toEqual(numbers(norm.runningVar!));
  });

  it("loads PyTorch's int64 num_batches_tracked (I64) into its int32 buffer", () => {
    // What torch's safetensors.save_file writes for nn.BatchNorm1d(1) after 7 batches.
    const f32 = (v: number): Uint8Array => bytesOf(new Float32Array([v]));
    const data = concatBytes(f32(2), f32(0.5), f32(1.5), f32(3), bytesOf(new BigInt64Array([7n])));
    const entry = (dtype: string, start: number, end: number, shape: number[]) => ({
      dtype,
      shape,
      data_offsets: [start, end],
    });
    const file = buildFile(
      {
        weight: entry('F32', 0, 4, [1]),
        bias: entry('F32', 4, 8, [1]),
        running_mean: entry('F32', 8, 12, [1]),
        running_var: entry('F32', 12, 16, [1]),
        num_batches_tracked: entry('I64', 16, 24, []),
      },
      data,
    );
    const norm = new BatchNorm1d(1);
    norm.loadSafetensors(file);
    expect(norm.numBatchesTracked!.dtype).toBe('int32');
    expect(norm.numBatchesTracked!.item()).toBe(7);
    expect(numbers(norm.runningVar!)).toEqual([3]);
  });

  it('to(float64) converts parameters and running statistics but keeps the count int32', () => {
    const norm = new BatchNorm2d(2).to('float64');
    expect(norm.runningMean!.dtype).toBe('float64');
    expect(norm.weight!.dtype).toBe('float64');
    expect(norm.numBatchesTracked!.dtype).toBe('int32');
  });

  it('resetRunningStats and resetParameters', () => {
    const norm = new BatchNorm1d(2);
    setAffine(norm, [3, 4], [5, 6]);
    norm.forward(sample([3, 2], 1).cast('float32'));
    norm.resetRunningStats();
    expect(numbers(norm.runningMean!)).toEqual([0, 0]);
    expect(numbers(norm.runningVar!)).toEqual([1, 1]);
    expect(norm.numBatchesTracked!.item()).toBe(0);
    expect(numbers(norm.weight!)).toEqual([3, 4]);
    norm.resetParameters();
    expect(numbers(norm.weight!)).toEqual([1, 1]);
    expect(numbers(norm.bias!)).toEqual([0, 0]);
  });

  it('rejects bad inputs with messages naming what was expected, changing nothing', () => {
    expect(() => new BatchNorm1d(3).forward(zeros([2, 3, 4, 5]))).toThrow(
      'BatchNorm1d: expected a 2-D [n, c] or 3-D [n, c, l] input, got shape [2, 3, 4, 5]',
    );
    expect(() => new BatchNorm2d(3).forward(zeros([2, 3, 4]))).toThrow(
      'BatchNorm2d: expected a 4-D [n, c, h, w] input, got shape [2, 3, 4]',
    );
    expect(() => new BatchNorm2d(3).forward(zeros([2, 4, 4, 4]))).toThrow(
      'batchNorm: runningMean has shape [3]; expected [4], one value per channel (dim 1) of the input of shape [2, 4, 4, 4]',
    );
    const norm = new BatchNorm1d(3);
    expect(() => norm.forward(zeros([1, 3]))).toThrow(
      'batchNorm: expected more than 1 value per channel when training, got input of shape [1, 3]',
    );
    expect(norm.numBatchesTracked!.item()).toBe(0);
    expect(numbers(norm.runningVar!)).toEqual([1, 1, 1]);
    // In evaluation mode a single sample is fine.
    expect(norm.eval().forward(ones([1, 3])).shape).toEqual([1, 3]);
    expect(() => new BatchNorm1d(0)).toThrow(
      'BatchNorm1d: expected numFeatures to be a positive integer, got 0',
    );
    expect(() => new BatchNorm1d(3, { mometum: 0.2 } as never)).toThrow(
      'BatchNorm1d: unknown option `mometum`; did you mean `momentum`?',
    );
  });

  it('F.batchNorm rejects what PyTorch rejects', () => {
    const x = zeros([4, 3, 2]);
    expect(() => F.batchNorm(zeros([3]), zeros([3]), ones([3]))).toThrow(
      'batchNorm: expected an input of shape [n, c, ...] (at least 2-D), got shape [3]',
    );
    expect(() => F.batchNorm(x, zeros([3]), ones([3]), { weight: ones([4]) })).toThrow(
      'batchNorm: weight has shape [4]; expected [3], one value per channel (dim 1) of the input of shape [4, 3, 2]',
    );
    expect(() => F.batchNorm(x, null, null)).toThrow(
      'batchNorm: expected runningMean and runningVar in evaluation mode (training false), got null; pass them or set training: true',
    );
    expect(() => F.batchNorm(x, zeros([3]), null, { training: true })).toThrow(
      'batchNorm: expected runningMean and runningVar both given or both null, got only runningMean',
    );
  });
});

const gpu = gpuAvailability();
describe.skipIf(!gpu.available)(`BatchNorm2d on the gpu backend (${gpu.mode})`, () => {
  afterAll(() => setBackend('cpu'));
  it('two training steps, the running statistics and an evaluation agree with the cpu; nothing leaks', () => {
    const runOn = (backend: 'cpu' | 'gpu') => {
      setBackend(backend);
      return tidy(() => {
        const norm = new BatchNorm2d(3, { momentum: null });
        const x = ramp([2, 3, 4, 4]).cast('float32').requiresGrad_();
        norm.forward(x).square().sum().backward();
        norm.forward(ramp([3, 3, 2, 2]).cast('float32').mul(2));
        const result = {
          backend: norm.runningVar!.backend,
          grad: numbers(x.grad!),
          runningMean: numbers(norm.runningMean!),
          runningVar: numbers(norm.runningVar!),
          count: norm.numBatchesTracked!.item(),
          eval: numbers(norm.eval().forward(ramp([1, 3, 2, 2]).cast('float32'))),
        };
        x.zeroGrad();
        // Parameters and assigned buffers outlive tidy by design; this module is done.
        for (const t of [...norm.parameters(), ...norm.buffers()]) t.dispose();
        return result;
      });
    };
    const expected = runOn('cpu');
    const before = memory().buffers;
    const result = runOn('gpu');
    expect(memory().buffers).toBe(before);
    expect(result.backend).toBe('gpu');
    expect(result.count).toBe(2);
    expectClose(tensor(result.runningMean), expected.runningMean, 1e-5, 1e-4);
    expectClose(tensor(result.runningVar), expected.runningVar, 1e-5, 1e-4);
    expectClose(tensor(result.eval), expected.eval, 1e-4, 1e-3);
    expectClose(tensor(result.grad), expected.grad, 1e-4, 1e-3);
  });
});
