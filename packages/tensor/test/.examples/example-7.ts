// from src/backend/registry.ts:123

export {};
