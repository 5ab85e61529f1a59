/**
 * `stateDict()` hands out views of the parameters' own memory (as PyTorch's state_dict): an
 * optimizer step writes into that memory (`assign` copies), so the views stay valid and show the
 * current numbers, and a copy of the parameters (a target network) stays independent.
 */
import { describe, expect, it } from 'vitest';
import { settleMemory, tensor } from '@tensorgrad/autograd';
import { Adam, Linear, SGD } from '@tensorgrad/nn';

function makeModel(): Linear {
  const model = new Linear(3, 2);
  model.loadStateDict({
    weight: tensor([
      [0.5, -1, 2],
      [1, 0.25, -0.5],
    ]),
    bias: tensor([0.1, -0.2]),
  });
  return model;
}

function trainStep(model: Linear, step: () => void, zeroGrad: () => void): void {
  zeroGrad();
  model
    .forward(tensor([[1, 2, 3]]))
    .square()
    .sum()
    .backward();
  step();
}

describe('stateDict() views across optimizer steps', () => {
  for (const [name, make] of [
    ['SGD', (m: Linear) => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9 })],
    ['Adam', (m: Linear) => new Adam(m.parameters(), { lr: 0.1 })],
  ] as const) {
    it(`${name}: the views follow the parameters and are never invalidated`, () => {
      const model = makeModel();
      const sd = model.stateDict();
      const initial = sd['weight']!.toArray();
      const optimizer = make(model);
      for (let i = 0; i < 3; i++) {
        trainStep(
          model,
          () => optimizer.step(),
          () => optimizer.zeroGrad(),
        );
      }
      expect(sd['weight']!.toArray()).toEqual(model.weight.toArray());
      expect(sd['bias']!.toArray()).toEqual(model.bias!.toArray());
      expect(sd['weight']!.toArray()).not.toEqual(initial);
    });
  }

  it('a target network loaded from the online one stays independent of it', async () => {
    const online = makeModel();
    const target = makeModel();
    const optimizer = new SGD(online.parameters(), { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      target.loadStateDict(online.stateDict());
      trainStep(
        online,
        () => optimizer.step(),
        () => optimizer.zeroGrad(),
      );
      // Each EMA step copies into the target's memory; online's memory is never taken over.
      for (const [t, o] of [
        [target.weight, online.weight],
        [target.bias!, online.bias!],
      ] as const) {
        t.assign(t.mul(0.5).add(o.detach().mul(0.5)));
      }
    }
    await settleMemory();
    expect(() => online.weight.toArray()).not.toThrow();
    expect(target.weight.toArray()).not.toEqual(online.weight.toArray());
  });
});
