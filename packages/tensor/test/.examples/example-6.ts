// from src/backend/registry.ts:106

export {};
