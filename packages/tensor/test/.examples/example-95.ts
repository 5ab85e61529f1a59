// from src/ops/elementwise.ts:295
import { sign, tensor } from '@tensorgrad/tensor';
const y = sign(tensor([-3, 0, 2]));
if (y.toArray().join() !== '-1,0,1') throw new Error('sign');
export {};
