// from src/functional/layer-norm.ts:13
import { ones, randn, zeros } from '@tensorgrad/autograd';
import { layerNorm } from '@tensorgrad/nn';
const x = randn([2, 10, 32]);
const y = layerNorm(x, [32], ones([32]), zeros([32]));
const mean = y.mean(-1).abs().max().item();
if (y.shape.join() !== '2,10,32' || mean > 1e-5) throw new Error('zero mean over the last dim');
export {};
