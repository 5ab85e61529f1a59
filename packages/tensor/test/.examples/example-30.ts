// from src/memory.ts:68
const y = tidy(() => x.mul(2).add(1)); // the x.mul(2) intermediate is freed
export {};
