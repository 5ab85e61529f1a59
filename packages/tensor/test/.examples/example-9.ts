// from src/backend/registry.ts:142

export {};
