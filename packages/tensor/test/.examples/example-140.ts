// from src/random.ts:119

export {};
