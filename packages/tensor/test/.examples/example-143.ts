// from src/shape.ts:28

export {};
