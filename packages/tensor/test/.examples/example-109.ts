// from src/ops/elementwise.ts:436
import { ceil, tensor } from '@tensorgrad/tensor';
const y = ceil(tensor([-1.5, 1.5]));
if (y.toArray().join() !== '-1,2') throw new Error('ceil');
export {};
