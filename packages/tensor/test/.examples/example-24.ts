// from src/dtype.ts:56

export {};
