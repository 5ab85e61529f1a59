// from docs/guides/models/ats-vit.md:12
import { randn } from '@tensorgrad/autograd';
import { ATSViT } from '@tensorgrad/models';
import { manualSeed } from '@tensorgrad/tensor';

manualSeed(0); // the Gumbel noise comes from the seedable generator
const model = new ATSViT({ imageSize: 32, patchSize: 4, numClasses: 10, dim: 32, depth: 3,
  maxTokensPerDepth: [32, 16, 8], heads: 4, dimHead: 8, mlpDim: 64 });
const [logits, sampledTokenIds] = model.forward(randn([2, 3, 32, 32]), { returnSampledTokenIds: true });
console.log(logits.shape, sampledTokenIds.shape); // [2, 10] [2, <kept tokens>]
export {};
