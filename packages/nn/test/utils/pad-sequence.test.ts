/**
 * padSequence (torch.nn.utils.rnn.pad_sequence): values pinned against torch 1.13, a naive
 * loop reference, gradients (gradcheck and gradgradcheck in float64), dtypes, errors, and the
 * gpu backend.
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  type Tensor,
  Generator,
  gpuAvailability,
  gradcheck,
  gradgradcheck,
  memory,
  ones,
  randn,
  setBackend,
  tensor,
  tidy,
  zeros,
} from '@tensorgrad/autograd';
import { padSequence } from '@tensorgrad/nn';

describe('padSequence against torch 1.13', () => {
  // from torch.nn.utils.rnn import pad_sequence
  const a = () => tensor([1, 2, 3]);
  const b = () => tensor([4]);
  const empty = () => zeros([0]);
  test('time first by default, padded with 0; an empty sequence is all padding', () => {
    // pad_sequence([a, b, c]) with c = torch.zeros(0)
    const y = padSequence([a(), b(), empty()]);
    expect(y.toArray()).toEqual([
      [1, 4, 0],
      [2, 0, 0],
      [3, 0, 0],
    ]);
  });
  test('batchFirst and paddingValue', () => {
    // pad_sequence([a, b, c], batch_first=True, padding_value=-1)
    expect(
      padSequence([a(), b(), empty()], { batchFirst: true, paddingValue: -1 }).toArray(),
    ).toEqual([
      [1, 2, 3],
      [4, -1, -1],
      [-1, -1, -1],
    ]);
  });
  test('trailing dims are kept', () => {
    // pad_sequence([torch.ones(2, 2), torch.ones(1, 2) * 2], batch_first=True)
    const y = padSequence([ones([2, 2]), ones([1, 2]).mul(2)], { batchFirst: true });
    expect(y.toArray()).toEqual([
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 2],
        [0, 0],
      ],
    ]);
    // pad_sequence([torch.zeros(0, 2), torch.zeros(0, 2)]).shape == (0, 2, 2)
    expect(padSequence([zeros([0, 2]), zeros([0, 2])]).shape).toEqual([0, 2, 2]);
  });
  test('int32 and bool keep their dtype; an int padding value is truncated as in torch', () => {
    // pad_sequence([torch.tensor([1, 2]), torch.tensor([3])], padding_value=7.5) -> [[1, 3], [2, 7]]
    const y = padSequence([tensor([1, 2], { dtype: 'int32' }), tensor([3], { dtype: 'int32' })], {
      paddingValue: 7.5,
    });
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([
      [1, 3],
      [2, 7],
    ]);
    // pad_sequence([torch.tensor([True]), torch.tensor([True, False])]) -> [[True, True], [False, False]]
    const flags = padSequence([
      tensor([true], { dtype: 'bool' }),
      tensor([true, false], { dtype: 'bool' }),
    ]);
    expect(flags.dtype).toBe('bool');
    expect(flags.toArray()).toEqual([
      [true, true],
      [false, false],
    ]);
  });
  test('each sequence gets the gradient of its own positions, the padding none', () => {
    // x, y = torch.tensor([1., 2., 3.], requires_grad=True), torch.tensor([4.], requires_grad=True)
    // (pad_sequence([x, y], batch_first=True, padding_value=9.) * [[1,2,3],[4,5,6]]).sum().backward()
    // x.grad == [1, 2, 3], y.grad == [4]
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = tensor([4], { requiresGrad: true });
    const out = padSequence([x, y], { batchFirst: true, paddingValue: 9 });
    expect(out.toArray()).toEqual([
      [1, 2, 3],
      [4, 9, 9],
    ]);
    out
      .mul(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      )
      .sum()
      .backward();
    expect(x.grad?.toArray()).toEqual([1, 2, 3]);
    expect(y.grad?.toArray()).toEqual([4]);
  });
});

describe('padSequence against a naive reference', () => {
  /** out[t][b][...] (or out[b][t][...]) = sequence b at step t, or the padding value. */
  function reference(seqs: Tensor[], batchFirst: boolean, value: number): number[] {
    const longest = Math.max(...seqs.map((s) => s.shape[0] as number));
    const inner = seqs[0]!.shape.slice(1).reduce((p, d) => p * d, 1);
    const rows = seqs.map((s) => Array.from(s.data()));
    const out: number[] = [];
    const at = (b: number, t: number, i: number) =>
      t < (seqs[b]!.shape[0] as number) ? (rows[b]![t * inner + i] as number) : value;
    for (let u = 0; u < (batchFirst ? seqs.length : longest); u++)
      for (let v = 0; v < (batchFirst ? longest : seqs.length); v++)
        for (let i = 0; i < inner; i++) out.push(batchFirst ? at(u, v, i) : at(v, u, i));
    return out;
  }

  test('random lengths and trailing shapes, both layouts', () => {
    const generator = new Generator(9);
    for (let trial = 0; trial < 24; trial++) {
      const trailing = [[], [2], [3, 2]][trial % 3]!;
      const lengths = Array.from({ length: 1 + (trial % 4) }, (_, k) => (trial * 5 + k * 3) % 5);
      const seqs = lengths.map((n) => randn([n, ...trailing], { generator }));
      const batchFirst = trial % 2 === 0;
      const y = padSequence(seqs, { batchFirst, paddingValue: -2 });
      const longest = Math.max(...lengths);
      expect(y.shape).toEqual(
        batchFirst ? [seqs.length, longest, ...trailing] : [longest, seqs.length, ...trailing],
      );
      expect(Array.from(y.data())).toEqual(reference(seqs, batchFirst, -2));
    }
  });

  test('gradcheck and gradgradcheck (float64)', () => {
    const generator = new Generator(2);
    const inputs = [3, 1, 2].map((n) =>
      randn([n, 2], { dtype: 'float64', generator, requiresGrad: true }),
    );
    const f = (...xs: Tensor[]) =>
      padSequence(xs, { batchFirst: true, paddingValue: 0.5 }).square();
    for (const check of [gradcheck, gradgradcheck]) {
      const report = check(f, inputs);
      expect(report.ok, report.message).toBe(true);
      expect(report.checked).toBeGreaterThan(0);
    }
  });
});

describe('padSequence errors', () => {
  test.each([
    [
      'an empty list',
      () => padSequence([]),
      'padSequence: received an empty list of sequences (expected at least one tensor of shape [L, *])',
    ],
    [
      'mismatched trailing dims',
      () => padSequence([zeros([2, 3]), zeros([1, 4])]),
      'padSequence: sequence 1 has shape [1, 4], sequence 0 has [2, 3] (expected the same dims after the length: [L, 3])',
    ],
    [
      'a different rank (torch 1.13 broadcasts it)',
      () => padSequence([zeros([2, 3]), zeros([1])]),
      'padSequence: sequence 1 has shape [1], sequence 0 has [2, 3] (expected the same dims after the length: [L, 3])',
    ],
    [
      'mixed dtypes (torch 1.13 casts to the first)',
      () => padSequence([zeros([2]), zeros([1], { dtype: 'int32' })]),
      'padSequence: sequence 1 has dtype int32, sequence 0 has float32 (expected one dtype; cast them first)',
    ],
    [
      'a 0-d tensor',
      () => padSequence([tensor([1]), tensor(2)]),
      'padSequence: sequence 1 is a 0-d tensor; expected shape [L, *] with the length first (unsqueeze(0) makes it a sequence of 1)',
    ],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});

const gpu = gpuAvailability();
describe.skipIf(!gpu.available)(`padSequence on the gpu backend (${gpu.mode})`, () => {
  afterAll(() => setBackend('cpu'));
  test('the values and gradients of the cpu, nothing leaked', () => {
    const values = [[1, 2, 3], [4], [5, 6]];
    const runOn = (backend: 'cpu' | 'gpu') => {
      setBackend(backend);
      return tidy(() => {
        const seqs = values.map((v) => tensor(v, { requiresGrad: true }));
        const y = padSequence(seqs, { paddingValue: -1 });
        y.mul(
          tensor([
            [1, 2, 3],
            [4, 5, 6],
            [7, 8, 9],
          ]),
        )
          .sum()
          .backward();
        const result = {
          backend: y.backend,
          out: y.toArray(),
          grads: seqs.map((s) => s.grad!.toArray()),
        };
        for (const s of seqs) s.zeroGrad();
        return result;
      });
    };
    const expected = runOn('cpu');
    const before = memory().buffers;
    const result = runOn('gpu');
    expect(memory().buffers).toBe(before);
    expect(result.backend).toBe('gpu');
    expect({ out: result.out, grads: result.grads }).toEqual({
      out: expected.out,
      grads: expected.grads,
    });
    expect(expected.out).toEqual([
      [1, 4, 5],
      [2, -1, 6],
      [3, -1, -1],
    ]);
  });
});
