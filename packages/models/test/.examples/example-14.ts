// from src/cross-vit.ts:422
import { randn } from '@tensorgrad/autograd';
import { CrossViT } from '@tensorgrad/models';
const model = new CrossViT({ imageSize: 32, numClasses: 10, smDim: 16, lgDim: 32, smPatchSize: 8,
  smEncHeads: 2, smEncMlpDim: 32, smEncDimHead: 8, lgPatchSize: 16, lgEncDepth: 1, lgEncHeads: 2,
  lgEncMlpDim: 64, lgEncDimHead: 8, crossAttnDepth: 1, crossAttnHeads: 2, crossAttnDimHead: 8, depth: 1 });
if (model.forward(randn([2, 3, 32, 32])).shape.join() !== '2,10') throw new Error('shape');
export {};
