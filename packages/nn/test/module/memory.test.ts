import { describe, expect, it } from 'vitest';
import { memory, tensor, tidy } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import {
  Conv2d,
  Embedding,
  GRUCell,
  LayerNorm,
  Linear,
  Module,
  Sequential,
  GELU,
  Dropout,
} from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';
import { sample } from '../helpers.js';

const cases: { name: string; layer: () => Module; run: (m: Module) => Tensor }[] = [
  {
    name: 'Linear',
    layer: () => new Linear(3, 2),
    run: (m) => (m as Linear).forward(sample([4, 3]).cast('float32')),
  },
  {
    name: 'LayerNorm',
    layer: () => new LayerNorm(3),
    run: (m) => (m as LayerNorm).forward(sample([4, 3]).cast('float32')),
  },
  {
    name: 'Conv2d',
    layer: () => new Conv2d(2, 2, 3, { padding: 'same', groups: 2 }),
    run: (m) => (m as Conv2d).forward(sample([1, 2, 4, 4]).cast('float32')),
  },
  {
    name: 'Embedding',
    layer: () => new Embedding(5, 2, { paddingIdx: 0 }),
    run: (m) => (m as Embedding).forward(tensor([0, 3, 4], { dtype: 'int32' })),
  },
  {
    name: 'GRUCell',
    layer: () => new GRUCell(3, 2),
    run: (m) => (m as GRUCell).forward(sample([2, 3]).cast('float32')),
  },
  {
    name: 'Sequential with GELU and Dropout',
    layer: () =>
      new Sequential(
        new Linear(3, 3),
        new GELU(),
        new Dropout(0.5, { generator: new Generator(0) }),
      ),
    run: (m) => (m as Sequential).forward(sample([2, 3]).cast('float32')),
  },
];

describe('memory', () => {
  it.each(cases)(
    '$name: forward + backward inside tidy, then zeroGrad, frees everything',
    ({ layer, run }) => {
      const m = layer();
      const before = memory();
      tidy(() => run(m).square().sum().backward());
      expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
      m.zeroGrad();
      const after = memory();
      expect(after.tensors).toBe(before.tensors);
      expect(after.buffers).toBe(before.buffers);
    },
  );

  it('a module built inside tidy and returned from it keeps its parameters and buffers', () => {
    class WithBuffer extends Module {
      readonly fc = new Linear(2, 2);
      constructor() {
        super();
        this.registerBuffer('mask', tensor([true, false]));
      }
    }
    const m = tidy(() => new WithBuffer());
    expect([...m.parameters(), ...m.buffers()].some((t) => t.isDisposed)).toBe(false);
    expect(m.fc.forward(tensor([[1, 2]])).shape).toEqual([1, 2]);
  });

  it('loadStateDict inside tidy leaves the loaded values alive', () => {
    const a = new Linear(2, 2);
    const b = new Linear(2, 2);
    tidy(() => b.loadStateDict(a.stateDict()));
    expect(b.parameters().some((p) => p.isDisposed)).toBe(false);
    expect(Array.from(b.weight.value.data())).toEqual(Array.from(a.weight.value.data()));
  });
});
