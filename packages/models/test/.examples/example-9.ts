// from src/cross-vit.ts:141
import { randn } from '@tensorgrad/autograd';
import { crossVit } from '@tensorgrad/models';
const t = new crossVit.Transformer(16, 1, 2, 8, 32);
if (t.forward(randn([2, 5, 16])).shape.join() !== '2,5,16') throw new Error('shape');
export {};
