// from src/learnable-memory-vit.ts:204
const t = new Transformer(32, 2, 4, 8, 64);
t.forward(randn([2, 17, 32])).shape; // [2, 17, 32]
export {};
