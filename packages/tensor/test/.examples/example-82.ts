// from src/ops/elementwise.ts:160
import { minimum, tensor } from '@tensorgrad/tensor';
const y = minimum(tensor([1, 5]), 3);
if (y.toArray().join() !== '1,3') throw new Error('minimum');
export {};
