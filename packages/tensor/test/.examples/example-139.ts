// from src/random.ts:111

export {};
