// from src/shape.ts:20

export {};
