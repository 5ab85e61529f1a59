/** The `@example`s of the TSDoc comments, run as written (or as close as a test allows). */
import { describe, expect, it } from 'vitest';
import { Tensor, ones, randn, tensor, zeros } from '@tensorgrad/autograd';
import {
  Conv2d,
  Embedding,
  F,
  GELU,
  GRUCell,
  LayerNorm,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  Parameter,
  ReLU,
  Sequential,
  functionalCall,
  init,
} from '@tensorgrad/nn';

describe('documented examples', () => {
  it('Module', () => {
    class TwoLayer extends Module {
      readonly fc1 = new Linear(4, 8);
      readonly fc2 = new Linear(8, 2);
      forward(x: Tensor): Tensor {
        return this.fc2.forward(this.fc1.forward(x).relu());
      }
    }
    const model = new TwoLayer();
    expect(Object.keys(model.stateDict())).toEqual([
      'fc1.weight',
      'fc1.bias',
      'fc2.weight',
      'fc2.bias',
    ]);
    expect(model.namedChildren().map(([k]) => k)).toEqual(['fc1', 'fc2']);
    expect(model.namedModules().map(([k]) => k)).toEqual(['', 'fc1', 'fc2']);
    expect(model.eval().training).toBe(false);
    expect(model.forward(randn([3, 4])).shape).toEqual([3, 2]);
  });

  it('Parameter', () => {
    expect(new Parameter(zeros([3, 4])).requiresGrad).toBe(true);
  });

  it('containers', () => {
    const mlp = new Sequential(new Linear(4, 8), new GELU(), new Linear(8, 2));
    expect(Object.keys(mlp.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(new Sequential(new Linear(2, 2), new ReLU()).children().length).toBe(2);
    const blocks = new ModuleList([new Linear(4, 4), null, new Linear(4, 4)]);
    expect(Object.keys(blocks.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    const heads = new ModuleDict({ cls: new Linear(32, 10), box: new Linear(32, 4) });
    expect(heads.get('cls').forward(randn([1, 32])).shape).toEqual([1, 10]);
  });

  it('layers', () => {
    expect(new Linear(4, 3).forward(randn([8, 4])).shape).toEqual([8, 3]);
    expect(new LayerNorm(32).forward(randn([2, 10, 32])).shape).toEqual([2, 10, 32]);
    expect(new Conv2d(3, 16, 3, { padding: 1 }).forward(randn([1, 3, 32, 32])).shape).toEqual([
      1, 16, 32, 32,
    ]);
    expect(
      new Embedding(100, 32, { paddingIdx: 0 }).forward(zeros([2, 5], { dtype: 'int32' })).shape,
    ).toEqual([2, 5, 32]);
    expect(new GRUCell(16, 32).forward(randn([4, 16]), randn([4, 32])).shape).toEqual([4, 32]);
  });

  it('functional and init', () => {
    expect(F.oneHot(tensor([0, 2], { dtype: 'int32' }), 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(init.calculateFanInAndFanOut(zeros([8, 3, 3, 3]))).toEqual({ fanIn: 27, fanOut: 72 });
    expect(init.calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(2 / 6), 15);
    expect(F.pad(ones([2, 3]), [1, 1, 2, 0]).shape).toEqual([4, 5]);
  });

  it('functionalCall', () => {
    const layer = new Linear(2, 1);
    const y = functionalCall(layer, { weight: ones([1, 2]), bias: zeros([1]) }, () =>
      layer.forward(tensor([[1, 2]])),
    );
    expect(y.item()).toBe(3);
    expect(layer.weight).toBeInstanceOf(Parameter);
    expect(() => functionalCall(layer, { wieght: ones([1, 2]) }, () => 0)).toThrow(
      'functionalCall: Linear has no parameter named wieght',
    );
  });
});
