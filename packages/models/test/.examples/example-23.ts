// from src/memformer/attention.ts:22
maxNegValue('float32'); // -3.4028234663852886e38
export {};
