// from src/parity/compare.ts:43
compareTensors('output.y', tensor([1, 2.00001]), tensor([1, 2]), { atol: 1e-4, rtol: 0 }).ok; // true
export {};
