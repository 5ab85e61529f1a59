// from src/tensor.ts:1232
import { tensor } from '@tensorgrad/tensor';
const { values, indices } = tensor([3, 1, 2]).sort(-1, true);
if (values.toArray().join() !== '3,2,1' || indices.toArray().join() !== '0,2,1') throw new Error('sort');
export {};
