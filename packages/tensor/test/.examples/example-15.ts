// from src/creation.ts:237

export {};
