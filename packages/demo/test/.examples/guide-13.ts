// from docs/guides/models/vit-adapter.md:12
import { randn } from '@tensorgrad/autograd';
import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';

const vit = new LearnableMemoryViT({ imageSize: 32, patchSize: 8, numClasses: 10, dim: 32,
  depth: 2, heads: 4, dimHead: 8, mlpDim: 64 });
const adapter = new Adapter({ vit, numMemoriesPerLayer: 3, numClasses: 5 });
const img = randn([2, 3, 32, 32]);
console.log(vit.forward(img).shape, adapter.forward(img).shape); // [2, 10] [2, 5]
if (vit.parameters().some((p) => p.requiresGrad)) throw new Error('the backbone is frozen');
export {};
