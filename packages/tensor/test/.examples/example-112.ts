// from src/ops/elementwise.ts:466
import { square, tensor } from '@tensorgrad/tensor';
const y = square(tensor([-2, 3]));
if (y.toArray().join() !== '4,9') throw new Error('square');
export {};
