// from src/learnable-memory-vit.ts:397
const adapter = new Adapter({ vit, numMemoriesPerLayer: 3, numClasses: 5 });
adapter.forward(randn([2, 3, 32, 32])).shape; // [2, 5]
adapter.vit.parameters().some((p) => p.requiresGrad); // false
export {};
