// from src/memformer/attention.ts:93
new FeedForward(32).forward(randn([2, 5, 32])).shape; // [2, 5, 32]
export {};
