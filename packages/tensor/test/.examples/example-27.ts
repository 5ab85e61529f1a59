// from src/format.ts:56

export {};
