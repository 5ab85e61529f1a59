// from src/parity/runner.ts:358
const manifest = readManifest(dir);
const result = runCase(dir, manifest.cases[0]);
result.passed; // true when every output, aux and grad is within tolerance
export {};
