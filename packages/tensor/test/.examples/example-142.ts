// from src/ops/reduce.ts:295
import { logsumexp, tensor } from '@tensorgrad/tensor';
const y = logsumexp(tensor([0, 0]), 0).item() as number;
if (Math.abs(y - Math.LN2) > 1e-6) throw new Error('logsumexp');
const big = logsumexp(tensor([1000, 1000]), 0).item() as number; // no overflow
if (Math.abs(big - (1000 + Math.LN2)) > 1e-3) throw new Error('logsumexp of large values');
export {};
