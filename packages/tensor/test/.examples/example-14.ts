// from src/creation.ts:206

export {};
