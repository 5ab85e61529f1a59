// from src/shape.ts:109

export {};
