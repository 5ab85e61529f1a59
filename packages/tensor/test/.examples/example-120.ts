// from src/ops/indexing.ts:67
import { ones, scatterAdd, tensor, zeros } from '@tensorgrad/tensor';
const idx = tensor([0, 0, 2], { dtype: 'int32' });
const y = scatterAdd(zeros([3]), 0, idx, ones([3]));
if (y.toArray().join() !== '2,0,1') throw new Error('scatterAdd');
export {};
