// from src/ops/elementwise.ts:201
import { lt, tensor } from '@tensorgrad/tensor';
const y = lt(tensor([1, 2, 3]), 2);
if (y.toArray().join() !== 'true,false,false') throw new Error('lt');
export {};
