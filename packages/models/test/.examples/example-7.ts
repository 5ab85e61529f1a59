// from src/cross-vit.ts:40
import { randn } from '@tensorgrad/autograd';
import { crossVit } from '@tensorgrad/models';
const ff = new crossVit.FeedForward(16, 32);
if (ff.forward(randn([2, 5, 16])).shape.join() !== '2,5,16') throw new Error('shape');
export {};
