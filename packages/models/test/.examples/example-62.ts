// from src/scalable-vit/chan-layer-norm.ts:15
const norm = new ChanLayerNorm(16);
norm.forward(randn([2, 16, 8, 8])).shape; // [2, 16, 8, 8]
export {};
