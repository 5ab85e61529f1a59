// from src/cross-vit.ts:343
import { randn } from '@tensorgrad/autograd';
import { crossVit } from '@tensorgrad/models';
const e = new crossVit.ImageEmbedder({ dim: 16, imageSize: 32, patchSize: 8 });
if (e.forward(randn([2, 3, 32, 32])).shape.join() !== '2,17,16') throw new Error('shape');
export {};
