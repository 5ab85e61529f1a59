// from src/scalable-vit/feed-forward.ts:17
const ff = new FeedForward(16, 2);
ff.forward(randn([2, 16, 8, 8])).shape; // [2, 16, 8, 8]
export {};
