// from src/scalable-vit.ts:160
const model = new ScalableViT({
  numClasses: 10, dim: 16, depth: [2, 1], heads: 2, reductionFactor: [2, 1],
  windowSize: [4, null], ssaDimKey: 8, ssaDimValue: 8, iwsaDimKey: 8, iwsaDimValue: 8,
});
model.forward(randn([2, 3, 32, 48])).shape; // [2, 10]
export {};
