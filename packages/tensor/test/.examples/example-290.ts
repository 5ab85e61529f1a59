// from src/tensor.ts:1177
import { tensor } from '@tensorgrad/tensor';
if (tensor([10, 20, 30]).gather(0, tensor([2, 0], { dtype: 'int32' })).toArray().join() !== '30,10') throw new Error('gather');
export {};
