// from src/tensor.ts:1188
import { ones, tensor, zeros } from '@tensorgrad/tensor';
if (zeros([3]).scatterAdd(0, tensor([1, 1], { dtype: 'int32' }), ones([2])).toArray().join() !== '0,2,0') throw new Error('scatterAdd');
export {};
