// from src/ops/elementwise.ts:346
import { rsqrt, tensor } from '@tensorgrad/tensor';
const y = rsqrt(tensor([4, 16]));
if (y.toArray().join() !== '0.5,0.25') throw new Error('rsqrt');
export {};
