// from src/creation.ts:94

export {};
