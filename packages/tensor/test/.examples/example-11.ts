// from src/creation.ts:93

export {};
