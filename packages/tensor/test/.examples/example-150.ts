// from src/ops/sort.ts:14
import { sort, tensor } from '@tensorgrad/tensor';
const { values, indices } = sort(tensor([3, 1, 2]));
if (values.toArray().join() !== '1,2,3' || indices.toArray().join() !== '1,2,0') throw new Error('sort');
if (sort(tensor([1, NaN, 0]), -1, true).values.toArray().join() !== 'NaN,1,0') throw new Error('NaN is largest');
export {};
