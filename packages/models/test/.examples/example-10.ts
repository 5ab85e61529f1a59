// from src/cross-vit.ts:185
import { randn } from '@tensorgrad/autograd';
import { crossVit } from '@tensorgrad/models';
const p = new crossVit.ProjectInOut(16, 32, new crossVit.Attention(32, { heads: 2, dimHead: 8 }));
if (p.forward(randn([2, 1, 16]), { context: randn([2, 4, 32]) }).shape.join() !== '2,1,16') throw new Error('shape');
export {};
