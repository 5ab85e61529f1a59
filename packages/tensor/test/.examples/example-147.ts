// from src/shape.ts:124

export {};
