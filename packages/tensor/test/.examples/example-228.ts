// from src/tensor.ts:478
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).mul(3).toArray().join() !== '3,6') throw new Error('mul');
export {};
