// from src/parity/runner.ts:103
gpuTolerance({ atol: 1e-6, rtol: 1e-4 }, 'outputs'); // { atol: 1e-5, rtol: 1e-3 }
export {};
