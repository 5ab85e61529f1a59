// from src/creation.ts:289

export {};
