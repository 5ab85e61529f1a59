// from src/memformer/attention.ts:148
const attn = new Attention(32, { heads: 4 });
attn.forward(randn([2, 5, 32]), { context: randn([2, 3, 32]) }).shape; // [2, 5, 32]
export {};
