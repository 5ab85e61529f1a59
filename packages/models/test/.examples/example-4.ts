// from src/ats-vit.ts:260
const attn = new Attention(32, { heads: 4, dimHead: 8, outputNumTokens: 16 });
const [out, mask, ids] = attn.forward(randn([2, 65, 32]), { mask: ones([2, 65], { dtype: 'bool' }) });
out.shape; // [2, 1 + kept, 32], kept <= 16; mask and ids: [2, 1 + kept]
export {};
