// from src/scalable-vit/transformer.ts:75
const stage = new Transformer(16, 2, { heads: 2, ssaReductionFactor: 2, iwsaWindowSize: 4 });
stage.forward(randn([1, 16, 8, 8])).shape; // [1, 16, 8, 8]
Object.keys(stage.stateDict()).some((k) => k.startsWith('layers.1.2.')); // false
export {};
