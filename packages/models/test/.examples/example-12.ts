// from src/cross-vit.ts:284
import { randn } from '@tensorgrad/autograd';
import { crossVit } from '@tensorgrad/models';
const enc = new crossVit.MultiScaleEncoder({ depth: 1, smDim: 16, lgDim: 32, crossAttnHeads: 2, crossAttnDepth: 1, crossAttnDimHead: 8,
  smEncParams: { depth: 1, heads: 2, mlpDim: 32, dimHead: 8 }, lgEncParams: { depth: 1, heads: 2, mlpDim: 64, dimHead: 8 } });
const [sm] = enc.forward(randn([1, 17, 16]), randn([1, 5, 32]));
if (sm.shape.join() !== '1,17,16') throw new Error('shape');
export {};
