// from src/ops/elementwise.ts:285
import { abs, tensor } from '@tensorgrad/tensor';
const y = abs(tensor([-1.5, 2]));
if (y.toArray().join() !== '1.5,2') throw new Error('abs');
export {};
