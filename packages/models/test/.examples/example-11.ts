// from src/cross-vit.ts:217
import { randn } from '@tensorgrad/autograd';
import { crossVit } from '@tensorgrad/models';
const ct = new crossVit.CrossTransformer(16, 32, 1, 2, 8);
const [sm, lg] = ct.forward(randn([2, 17, 16]), randn([2, 5, 32]));
if (sm.shape.join() !== '2,17,16' || lg.shape.join() !== '2,5,32') throw new Error('shape');
export {};
