// from src/scalable-vit/scalable-self-attention.ts:30
const ssa = new ScalableSelfAttention(16, { heads: 2, dimKey: 8, dimValue: 8, reductionFactor: 2 });
ssa.forward(randn([2, 16, 8, 12])).shape; // [2, 16, 8, 12]
export {};
