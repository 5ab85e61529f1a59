// from src/ops/sort.ts:117
import { tensor, unique } from '@tensorgrad/tensor';
const { values } = unique(tensor([2, 1, 2]));
if (values.toArray().join() !== '1,2') throw new Error('unique');
export {};
