// from src/ops/elementwise.ts:275
import { neg, tensor } from '@tensorgrad/tensor';
const y = neg(tensor([1, -2]));
if (y.toArray().join() !== '-1,2') throw new Error('neg');
export {};
