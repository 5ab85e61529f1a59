// from src/ats-vit.ts:468
const vit = new ViT({ imageSize: 32, patchSize: 4, numClasses: 10, dim: 32, depth: 3, maxTokensPerDepth: [32, 16, 8], heads: 4, dimHead: 8, mlpDim: 64 });
const [logits, tokenIds] = vit.forward(randn([2, 3, 32, 32]), { returnSampledTokenIds: true });
logits.shape; // [2, 10]; tokenIds: [2, <= 8], -1 = padding
export {};
