// from src/tensor.ts:621
import { tensor } from '@tensorgrad/tensor';
if (tensor([4]).rsqrt().toArray().join() !== '0.5') throw new Error('rsqrt');
export {};
