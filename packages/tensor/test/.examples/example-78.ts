// from src/ops/elementwise.ts:105
import { mul, tensor } from '@tensorgrad/tensor';
const y = mul(tensor([1, 2]), 2);
if (y.toArray().join() !== '2,4') throw new Error('mul');
export {};
