// from src/backend/registry.ts:157

export {};
