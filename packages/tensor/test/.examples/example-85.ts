// from src/ops/elementwise.ts:191
import { ne, tensor } from '@tensorgrad/tensor';
const y = ne(tensor([1, 2]), 2);
if (y.toArray().join() !== 'true,false') throw new Error('ne');
export {};
