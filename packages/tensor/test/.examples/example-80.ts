// from src/ops/elementwise.ts:126
import { pow, tensor } from '@tensorgrad/tensor';
const y = pow(tensor([2, 3]), 2);
if (y.toArray().join() !== '4,9') throw new Error('pow');
export {};
