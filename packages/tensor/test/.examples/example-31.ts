// from src/memory.ts:95
tidy(() => { weights = keep(randn([3, 3])); });
export {};
