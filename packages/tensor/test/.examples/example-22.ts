// from src/dtype.ts:26

export {};
