// from src/creation.ts:297

export {};
