// from src/ops/elementwise.ts:211
import { le, tensor } from '@tensorgrad/tensor';
const y = le(tensor([1, 2, 3]), 2);
if (y.toArray().join() !== 'true,true,false') throw new Error('le');
export {};
