// from src/dtype.ts:73

export {};
