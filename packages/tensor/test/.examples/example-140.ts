// from src/ops/reduce.ts:259
import { tensor, variance } from '@tensorgrad/tensor';
const v = variance(tensor([1, 2, 3, 4])).item() as number; // unbiased: divides by n - 1
if (Math.abs(v - 5 / 3) > 1e-6) throw new Error('variance');
export {};
