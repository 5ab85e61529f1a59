// from src/ops/elementwise.ts:149
import { maximum, tensor } from '@tensorgrad/tensor';
const y = maximum(tensor([1, 5, NaN]), 3);
if (y.toArray().join() !== '3,5,NaN') throw new Error('maximum');
export {};
