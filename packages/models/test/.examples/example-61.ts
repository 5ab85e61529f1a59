// from src/parity/runner.ts:412
const report = runParity('shared/parity', { backend: 'cpu' });
console.log(`${report.passed} passed, ${report.failed} failed`);
export {};
