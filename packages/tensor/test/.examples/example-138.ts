// from src/random.ts:47

export {};
