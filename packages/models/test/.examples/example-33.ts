// from src/memformer/sampling.ts:56
// probabilities ≈ [0.64, 0.24, 0.09, 0.03]: mass before the 2nd token is 0.64 > 0.5, so only the 1st survives.
topP(tensor([[3, 2, 1, 0]]), 0.5).toArray(); // [[3, -Infinity, -Infinity, -Infinity]]
export {};
