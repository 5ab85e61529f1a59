// from src/ops/elementwise.ts:426
import { floor, tensor } from '@tensorgrad/tensor';
const y = floor(tensor([-1.5, 1.5]));
if (y.toArray().join() !== '-2,1') throw new Error('floor');
export {};
