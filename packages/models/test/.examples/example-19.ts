// from src/learnable-memory-vit.ts:145
const attn = new Attention(32, { heads: 4, dimHead: 8 });
attn.forward(randn([2, 17, 32]), { memories: randn([3, 32]) }).shape; // [2, 17, 32]
export {};
