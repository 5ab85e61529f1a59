// from src/ops/elementwise.ts:486
import { isfinite, tensor } from '@tensorgrad/tensor';
const y = isfinite(tensor([1, NaN, Infinity]));
if (y.toArray().join() !== 'true,false,false') throw new Error('isfinite');
export {};
