// from src/shape.ts:66

export {};
