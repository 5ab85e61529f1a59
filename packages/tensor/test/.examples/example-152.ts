// from src/ops/sort.ts:82
import { type UniqueOptions, tensor, unique } from '@tensorgrad/tensor';
const options: UniqueOptions = { returnInverse: true, returnCounts: true };
const { counts } = unique(tensor([2, 1, 2]), options);
if (counts?.toArray().join() !== '1,2') throw new Error('UniqueOptions');
export {};
