// from docs/guides/models/scalable-vit.md:13
import { randn } from '@tensorgrad/autograd';
import { ScalableViT } from '@tensorgrad/models';

const model = new ScalableViT({ numClasses: 10, dim: 16, heads: [2, 2], depth: [2, 1],
  ssaDimKey: 8, ssaDimValue: 8, iwsaDimKey: 8, iwsaDimValue: 8, ffExpansionFactor: 2,
  reductionFactor: [2, 1], windowSize: [4, null] });
console.log(model.forward(randn([2, 3, 32, 48])).shape); // [2, 10]
export {};
