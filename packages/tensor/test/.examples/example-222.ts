// from src/tensor.ts:407
import { arange } from '@tensorgrad/tensor';
if (arange(5).narrow(0, 2, 2).toArray().join() !== '2,3') throw new Error('narrow');
export {};
