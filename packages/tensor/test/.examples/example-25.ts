// from src/dtype.ts:64

export {};
