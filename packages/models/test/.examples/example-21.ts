// from src/learnable-memory-vit.ts:289
const vit = new ViT({ imageSize: 32, patchSize: 8, numClasses: 10, dim: 32, depth: 2, heads: 4, dimHead: 8, mlpDim: 64 });
vit.forward(randn([2, 3, 32, 32])).shape; // [2, 10]
export {};
