import { describe, expect, it } from 'vitest';
import { Tensor, ones, zeros } from '@tensorgrad/autograd';
import {
  Dropout,
  GELU,
  LayerNorm,
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  Parameter,
  Sequential,
} from '@tensorgrad/nn';

/** A PyTorch-shaped model: `transformer.layers.0.1.net.1.weight` must come out as in PyTorch. */
class FeedForward extends Module {
  readonly net = new Sequential(new LayerNorm(4), new Linear(4, 8), new GELU(), new Linear(8, 4));
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

class Attention extends Module {
  readonly toQkv = new Linear(4, 12, { bias: false });
  readonly toOut = new Linear(4, 4);
}

class Transformer extends Module {
  readonly layers = new ModuleList<ModuleList>();
  constructor(depth: number) {
    super();
    for (let i = 0; i < depth; i++)
      this.layers.append(new ModuleList([new Attention(), new FeedForward()]));
  }
}

class Model extends Module {
  readonly clsToken = new Parameter(zeros([1, 1, 4]));
  readonly transformer = new Transformer(2);
  readonly mlpHead = new Sequential(new LayerNorm(4), new Linear(4, 3));
  constructor() {
    super();
    this.registerBuffer('attnMask', ones([2, 2], { dtype: 'bool' }));
    this.registerBuffer('scratch', zeros([3]), { persistent: false });
  }
}

describe('Module registration and state-dict keys', () => {
  it('names nested parameters exactly as PyTorch, own parameters then buffers then children', () => {
    const keys = Object.keys(new Model().stateDict());
    expect(keys).toEqual([
      'cls_token',
      'attn_mask',
      'transformer.layers.0.0.to_qkv.weight',
      'transformer.layers.0.0.to_out.weight',
      'transformer.layers.0.0.to_out.bias',
      'transformer.layers.0.1.net.0.weight',
      'transformer.layers.0.1.net.0.bias',
      'transformer.layers.0.1.net.1.weight',
      'transformer.layers.0.1.net.1.bias',
      'transformer.layers.0.1.net.3.weight',
      'transformer.layers.0.1.net.3.bias',
      'transformer.layers.1.0.to_qkv.weight',
      'transformer.layers.1.0.to_out.weight',
      'transformer.layers.1.0.to_out.bias',
      'transformer.layers.1.1.net.0.weight',
      'transformer.layers.1.1.net.0.bias',
      'transformer.layers.1.1.net.1.weight',
      'transformer.layers.1.1.net.1.bias',
      'transformer.layers.1.1.net.3.weight',
      'transformer.layers.1.1.net.3.bias',
      'mlp_head.0.weight',
      'mlp_head.0.bias',
      'mlp_head.1.weight',
      'mlp_head.1.bias',
    ]);
  });

  it('keeps the index of null entries in ModuleList and Sequential (holes)', () => {
    const block = new ModuleList([new Linear(2, 2), new Linear(2, 2), null, new Linear(2, 2)]);
    const stack = new ModuleList([block, new ModuleList([new Linear(2, 2), null])]);
    expect(Object.keys(stack.stateDict())).toEqual([
      '0.0.weight',
      '0.0.bias',
      '0.1.weight',
      '0.1.bias',
      '0.3.weight',
      '0.3.bias',
      '1.0.weight',
      '1.0.bias',
    ]);
    const seq = new Sequential(null, new Linear(2, 2), new Dropout(0.1), new Linear(2, 2));
    expect(Object.keys(seq.stateDict())).toEqual(['1.weight', '1.bias', '3.weight', '3.bias']);
    expect(block.length).toBe(4);
    expect(block.get(2)).toBeNull();
    expect(block.get(-1)).toBe(block.get(3));
    expect(() => block.get(4)).toThrow(/index 4 is out of range for a list of 4/);
  });

  it('uses ModuleDict keys verbatim and keeps insertion order', () => {
    const heads = new ModuleDict({
      zHead: new Linear(2, 1),
      a_head: new Linear(2, 1, { bias: false }),
    });
    expect(Object.keys(heads.stateDict())).toEqual(['zHead.weight', 'zHead.bias', 'a_head.weight']);
    expect(() => heads.get('missing')).toThrow(/no module under 'missing'; keys are zHead, a_head/);
  });

  it('lists parameters, buffers and modules, each shared one once', () => {
    const model = new Model();
    const names = model.namedParameters().map(([k]) => k);
    expect(names[0]).toBe('cls_token');
    expect(names).toHaveLength(23);
    expect(model.parameters()).toHaveLength(23);
    expect(model.namedBuffers().map(([k]) => k)).toEqual(['attn_mask', 'scratch']);
    expect(
      model
        .namedModules()
        .map(([k]) => k)
        .slice(0, 5),
    ).toEqual([
      '',
      'transformer',
      'transformer.layers',
      'transformer.layers.0',
      'transformer.layers.0.0',
    ]);
    expect(model.children().map((m) => m.constructor.name)).toEqual(['Transformer', 'Sequential']);

    // A tied weight: one parameter, two state-dict keys (as PyTorch).
    const shared = new Linear(3, 3);
    const tied = new Sequential(shared, shared);
    expect(tied.parameters()).toHaveLength(2);
    expect(Object.keys(tied.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
  });

  it('excludes non-persistent buffers from the state dict but not from buffers()', () => {
    const model = new Model();
    expect(Object.keys(model.stateDict())).not.toContain('scratch');
    expect(model.buffers()).toHaveLength(2);
  });

  it('switches train/eval recursively and applies functions children first', () => {
    const model = new Model();
    expect(model.namedModules().every(([, m]) => m.training)).toBe(true);
    model.eval();
    expect(model.namedModules().some(([, m]) => m.training)).toBe(false);
    model.train();
    expect(model.mlpHead.training).toBe(true);

    const order: string[] = [];
    new Sequential(new Linear(1, 1), new GELU()).apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(['Linear', 'GELU', 'Sequential']);
  });

  it('freezes parameters with requiresGrad_', () => {
    const model = new Model();
    model.transformer.requiresGrad_(false);
    expect(model.transformer.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect(model.clsToken.requiresGrad).toBe(true);
  });

  it('rejects a plain array of modules, which would silently lose its parameters', () => {
    class Broken extends Module {
      readonly blocks = [new Linear(2, 2)];
    }
    expect(() => new Broken().parameters()).toThrow(
      /property 'blocks' is a plain array.*expected a ModuleList/,
    );
  });

  it('zeroGrad clears every gradient', () => {
    const fc = new Linear(2, 1);
    fc.forward(ones([3, 2]))
      .sum()
      .backward();
    expect(fc.weight.grad).not.toBeNull();
    fc.zeroGrad();
    for (const p of fc.parameters())
      expect(p.grad === null || p.grad.value.abs().sum().item() === 0).toBe(true);
  });
});

describe('Module.to', () => {
  it('converts float parameters and buffers in place, leaving bool buffers and Tensor identity', () => {
    const model = new Model();
    const weight = model.mlpHead.parameters()[0]!;
    model.to('float64');
    expect(model.mlpHead.parameters()[0]).toBe(weight);
    expect(weight.dtype).toBe('float64');
    expect(model.stateDict()['attn_mask']!.dtype).toBe('bool');
    expect(model.buffers()[1]!.dtype).toBe('float64');
    expect(model.mlpHead.forward(ones([1, 4], { dtype: 'float64' })).dtype).toBe('float64');
    model.to('float32');
    expect(Object.values(model.stateDict()).map((t) => t.dtype)).not.toContain('float64');
  });
});
