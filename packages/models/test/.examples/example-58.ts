// from src/parity/manifest.ts:76
const manifest = readManifest('shared/parity');
manifest.cases.map((c) => c.name); // ['vit_basic', 'adapter_basic', ...]
export {};
