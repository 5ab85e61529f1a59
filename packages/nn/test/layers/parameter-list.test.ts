/**
 * ParameterList: state-dict keys `0`, `1`, … as torch.nn.ParameterList, plain tensors wrapped
 * as parameters, and every Module traversal (parameters, loadStateDict, to, functionalCall,
 * zeroGrad, optimisers) seeing its entries.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, ones, randn, tensor, zeros } from '@tensorgrad/autograd';
import { Linear, Module, Parameter, ParameterList, SGD, functionalCall } from '@tensorgrad/nn';
import { numbers } from '../helpers.js';

class Scales extends Module {
  readonly gains = new ParameterList([ones([2]), ones([2])]);
  readonly head = new Linear(2, 1);
  forward(x: Tensor): Tensor {
    for (const g of this.gains) x = x.mul(g);
    return this.head.forward(x);
  }
}

describe('ParameterList', () => {
  it('has state-dict keys 0, 1, … (nested: gains.0, gains.1), like torch', () => {
    // torch: list(nn.ParameterList([nn.Parameter(torch.ones(2)), torch.zeros(3)]).state_dict()) == ['0', '1']
    const list = new ParameterList([new Parameter(ones([2])), zeros([3])]);
    expect(Object.keys(list.stateDict())).toEqual(['0', '1']);
    list.append(ones([1]));
    expect(list.namedParameters().map(([k]) => k)).toEqual(['0', '1', '2']);
    expect(Object.keys(new Scales().stateDict())).toEqual([
      'gains.0',
      'gains.1',
      'head.weight',
      'head.bias',
    ]);
    expect(Object.keys(new ParameterList().stateDict())).toEqual([]);
  });

  it('wraps a plain tensor in a Parameter that shares its numbers and requires grad', () => {
    const plain = zeros([3]);
    const list = new ParameterList([plain]);
    const p = list.get(0);
    expect(p).toBeInstanceOf(Parameter);
    expect(p.requiresGrad).toBe(true);
    expect(p.value).toBe(plain.value);
    const own = new Parameter(ones([2]), false);
    expect(list.append(own).get(1)).toBe(own); // a Parameter is kept as it is
  });

  it('indexes (negative too), iterates, extends and replaces', () => {
    const [a, b, c] = [ones([1]), ones([2]), ones([3])];
    const list = new ParameterList([a]).extend([b]).append(c);
    expect(list.length).toBe(3);
    expect([...list].map((p) => p.shape[0])).toEqual([1, 2, 3]);
    expect(list.get(-1).shape).toEqual([3]);
    list.set(1, zeros([5]));
    expect(list.get(1).shape).toEqual([5]);
    expect(list.parameters().map((p) => p.shape[0])).toEqual([1, 5, 3]);
  });

  it('names an index out of range and a value that is not a tensor', () => {
    const list = new ParameterList([ones([1])]);
    expect(() => list.get(1)).toThrow('ParameterList.get: index 1 is out of range for a list of 1');
    expect(() => list.set(-2, ones([1]))).toThrow(
      'ParameterList.set: index -2 is out of range for a list of 1',
    );
    expect(() => list.append([1, 2] as unknown as Tensor)).toThrow(
      'ParameterList.append: expected a Tensor or Parameter, got Array',
    );
    expect(() => new ParameterList([null as unknown as Tensor])).toThrow(
      'ParameterList.append: expected a Tensor or Parameter, got null',
    );
  });

  it('loads a state dict, converts with to(), and trains with an optimiser', () => {
    const model = new Scales();
    model.loadStateDict({
      'gains.0': tensor([2, 3]),
      'gains.1': tensor([0.5, 1]),
      'head.weight': tensor([[1, 1]]),
      'head.bias': tensor([0]),
    });
    expect(numbers(model.forward(tensor([[1, 1]])))).toEqual([4]); // 1·2·0.5 + 1·3·1
    model.to('float64');
    expect(model.gains.get(0).dtype).toBe('float64');
    const before = numbers(model.gains.get(1));
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    model
      .forward(tensor([[1, 1]], { dtype: 'float64' }))
      .sum()
      .backward();
    expect(model.gains.get(1).grad).not.toBeNull();
    optimizer.step();
    expect(numbers(model.gains.get(1))).not.toEqual(before);
    model.zeroGrad();
    expect(model.gains.get(1).grad).toBeNull();
  });

  it('entries can be swapped by functionalCall, and are put back', () => {
    const model = new Scales();
    const original = model.gains.get(0);
    const replacement = randn([2]);
    const seen = functionalCall(model, { 'gains.0': replacement }, () => model.gains.get(0));
    expect(seen).toBe(replacement);
    expect(model.gains.get(0)).toBe(original);
  });
});
