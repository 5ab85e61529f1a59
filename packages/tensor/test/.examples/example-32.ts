// from src/memory.ts:107
dispose([a, b]);
export {};
