// from src/parity/format.ts:24
formatCase(result);
// 'PASS vit_basic   outputs abs 1.9e-7 rel 1.8e-6 tol 2% | aux - | grads abs 1.4e-6 rel 9.4e-3 tol 28% | 0.3 s'
export {};
