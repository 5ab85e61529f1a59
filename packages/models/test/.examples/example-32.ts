// from src/memformer/sampling.ts:24
topK(tensor([[1, 3, 2, 0]]), 0.5).toArray(); // [[-Infinity, 3, 2, -Infinity]]
export {};
