// from docs/guides/modules.md:11
import { randn, type Tensor } from '@tensorgrad/autograd';
import { GELU, LayerNorm, Linear, Module, Parameter, Sequential } from '@tensorgrad/nn';

class Block extends Module {
  readonly norm: LayerNorm;
  readonly mlp: Sequential;
  readonly gamma: Parameter;

  constructor(dim: number) {
    super();
    this.norm = new LayerNorm(dim);
    this.mlp = new Sequential(new Linear(dim, 4 * dim), new GELU(), new Linear(4 * dim, dim));
    this.gamma = new Parameter(randn([dim]).mul(0.1));
  }

  forward(x: Tensor): Tensor {
    return this.mlp.forward(this.norm.forward(x)).mul(this.gamma).add(x);
  }
}

const block = new Block(8);
console.log(Object.keys(block.stateDict()));
// ['gamma', 'norm.weight', 'norm.bias', 'mlp.0.weight', 'mlp.0.bias', 'mlp.2.weight', 'mlp.2.bias']
export {};
