// from src/parity/format.ts:42
formatReport(runParity(dir)).at(-1); // '10 passed, 0 failed'
export {};
