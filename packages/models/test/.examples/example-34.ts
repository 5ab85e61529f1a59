// from src/memformer/sampling.ts:87
sampleCategorical(tensor([[0, 1, 0]]), new Generator(0)).toArray(); // [[1]]
export {};
