// from src/ops/elementwise.ts:115
import { arange, div } from '@tensorgrad/tensor';
const y = div(arange(3), 2); // int32 / int gives float32
if (y.dtype !== 'float32' || y.toArray().join() !== '0,0.5,1') throw new Error('div');
export {};
