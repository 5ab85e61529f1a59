// from src/creation.ts:324

export {};
