// from src/creation.ts:305

export {};
