// from src/cross-vit.ts:81
import { randn } from '@tensorgrad/autograd';
import { crossVit } from '@tensorgrad/models';
const attn = new crossVit.Attention(16, { heads: 2, dimHead: 8 });
const cls = attn.forward(randn([2, 1, 16]), { context: randn([2, 9, 16]), kvIncludeSelf: true });
if (cls.shape.join() !== '2,1,16') throw new Error('shape');
export {};
