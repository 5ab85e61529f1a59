// from src/shape.ts:38

export {};
