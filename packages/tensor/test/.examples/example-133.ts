// from src/ops/reduce.ts:119
import { prod, tensor } from '@tensorgrad/tensor';
const y = prod(tensor([[2, 3], [4, 5]]), 1, true);
if (JSON.stringify(y.toArray()) !== '[[6],[20]]') throw new Error('prod');
export {};
