// from src/tensor.ts:1282
import { arange } from '@tensorgrad/tensor';
const d = arange(6).reshape(2, 3).mT.data(); // contiguous, row-major
if (!(d instanceof Int32Array) || d.join() !== '0,3,1,4,2,5') throw new Error('data');
export {};
