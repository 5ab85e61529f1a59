// from src/shape.ts:11

export {};
