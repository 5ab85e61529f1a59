// from src/ops/reduce.ts:342
import { cumsum, tensor } from '@tensorgrad/tensor';
const y = cumsum(tensor([1, 2, 3]), 0);
if (y.toArray().join() !== '1,3,6') throw new Error('cumsum');
export {};
