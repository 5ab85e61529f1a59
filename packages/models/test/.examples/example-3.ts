// from src/ats-vit.ts:216
new FeedForward(32, 64).forward(randn([2, 65, 32])).shape; // [2, 65, 32]
export {};
