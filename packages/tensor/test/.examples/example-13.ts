// from src/creation.ts:146

export {};
