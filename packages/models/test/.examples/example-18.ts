// from src/learnable-memory-vit.ts:90
new FeedForward(32, 64).forward(randn([2, 17, 32])).shape; // [2, 17, 32]
export {};
