// from src/scalable-vit/interactive-windowed-self-attention.ts:33
const iwsa = new InteractiveWindowedSelfAttention(16, { windowSize: 4, heads: 2, dimKey: 8, dimValue: 8 });
iwsa.forward(randn([2, 16, 8, 12])).shape; // [2, 16, 8, 12]
export {};
