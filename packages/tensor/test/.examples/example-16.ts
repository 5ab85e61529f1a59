// from src/creation.ts:258

export {};
