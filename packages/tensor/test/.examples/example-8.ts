// from src/backend/registry.ts:131

export {};
