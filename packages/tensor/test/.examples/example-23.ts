// from src/dtype.ts:37

export {};
