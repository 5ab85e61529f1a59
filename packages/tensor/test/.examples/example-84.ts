// from src/ops/elementwise.ts:181
import { eq, tensor } from '@tensorgrad/tensor';
const y = eq(tensor([1, 2]), 2);
if (y.dtype !== 'bool' || y.toArray().join() !== 'false,true') throw new Error('eq');
export {};
