// from src/ops/reduce.ts:98
import { sum, tensor } from '@tensorgrad/tensor';
const y = sum(tensor([[1, 2], [3, 4]]), 0);
if (y.toArray().join() !== '4,6') throw new Error('sum');
if (sum(tensor([true, true, false])).item() !== 2) throw new Error('sum of bool');
export {};
