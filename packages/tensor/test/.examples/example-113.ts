// from src/ops/elementwise.ts:476
import { isnan, tensor } from '@tensorgrad/tensor';
const y = isnan(tensor([1, NaN]));
if (y.toArray().join() !== 'false,true') throw new Error('isnan');
export {};
