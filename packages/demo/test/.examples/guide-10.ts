// from docs/guides/models/cross-vit.md:12
import { randn } from '@tensorgrad/autograd';
import { CrossViT } from '@tensorgrad/models';

const model = new CrossViT({ imageSize: 32, numClasses: 10, smDim: 16, lgDim: 32,
  smPatchSize: 8, smEncDepth: 1, smEncHeads: 2, smEncMlpDim: 32, smEncDimHead: 8,
  lgPatchSize: 16, lgEncDepth: 2, lgEncHeads: 2, lgEncMlpDim: 64, lgEncDimHead: 8,
  crossAttnDepth: 1, crossAttnHeads: 2, crossAttnDimHead: 8, depth: 2, dropout: 0, embDropout: 0 });
const { smLogits, lgLogits } = model.branchLogits(randn([2, 3, 32, 32]));
console.log(smLogits.shape, lgLogits.shape); // [2, 10] [2, 10]
export {};
