// from src/shape.ts:142

export {};
