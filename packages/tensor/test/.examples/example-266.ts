// from src/tensor.ts:899
import { tensor } from '@tensorgrad/tensor';
if (tensor([Infinity, 1]).isfinite().toArray().join() !== 'false,true') throw new Error('isfinite');
export {};
