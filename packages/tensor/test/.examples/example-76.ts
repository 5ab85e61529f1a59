// from src/ops/elementwise.ts:85
import { add, tensor } from '@tensorgrad/tensor';
const y = add(tensor([1, 2]), 1);
if (y.toArray().join() !== '2,3') throw new Error('add');
export {};
