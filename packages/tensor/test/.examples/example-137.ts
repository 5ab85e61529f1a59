// from src/ops/reduce.ts:212
import { argmin, tensor } from '@tensorgrad/tensor';
if (argmin(tensor([[1, 0], [0, 2]]), 1).toArray().join() !== '1,0') throw new Error('argmin');
export {};
