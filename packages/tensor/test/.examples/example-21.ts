// from src/dtype.ts:18

export {};
